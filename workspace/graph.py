"""The dossier's relationship graph as geometry for an inline SVG (drawn by
``workspace/graph_svg.html``).

The layout is radial and deterministic: the entity in the middle, its neighbours on an
inner ring, theirs on an outer ring next to the neighbour that leads to them, each ring in
a fixed order (by name, then id). Nodes are coloured by designation status and shaped by
kind. It stays legible as it grows: nodes shrink, and edges carry labels only while there
are at most ``EDGE_LABEL_CAP`` of them; every node and edge is in
the relationships table below the picture, and in each mark's tooltip. Names are
written for the nearest ``LABEL_CAP`` nodes, on rings of at most ``RING_LABEL_MAX``.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from entities.choices import EntityKind
from workspace.dossier import STATUS_LABELS, Dossier, Neighbour, admin_url, date_text

WIDTH = 1000
CX = WIDTH / 2
MARGIN_Y = 40  # above and below the outer ring, for labels
RINGS = {1: (210, 140), 2: (450, 290)}  # x and y radius of each hop's ring
LABEL_CAP = 30
RING_LABEL_MAX = 40  # a ring of more nodes is too dense for names
EDGE_LABEL_CAP = 20
LABEL_CHARS = 24

SHAPES = {
    EntityKind.PERSON: "circle",
    EntityKind.ORGANIZATION: "square",
    EntityKind.COMPANY: "diamond",
    EntityKind.PUBLIC_BODY: "triangle",
    EntityKind.VESSEL: "triangle-down",
    EntityKind.AIRCRAFT: "hexagon",
}


@dataclass
class Node:
    entity_id: int
    name: str
    kind: str
    kind_label: str
    status: str
    hop: int
    x: float
    y: float
    size: float
    path: str
    href: str
    label: str = ""
    label_anchor: str = "middle"
    label_x: float = 0
    label_y: float = 0

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Edge:
    relationship_id: int
    kind: str
    text: str  # "A owns B (since 2020)"
    x1: float
    y1: float
    x2: float
    y2: float
    href: str
    label: str = ""
    label_x: float = 0
    label_y: float = 0


@dataclass
class Graph:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]
    labelled: int  # how many nodes carry a label
    edge_labels: bool


def build_graph(dossier: Dossier, node_url) -> Graph:
    """``node_url(entity_id)`` is where a node leads (the neighbour's dossier)."""
    reach = max(n.hop for n in dossier.neighbours.values())
    height = 2 * (RINGS[reach][1] if reach else 0) + 2 * MARGIN_Y
    placed = _place(dossier.neighbours, height / 2)
    ring_sizes = Counter(n.hop for n in dossier.neighbours.values())
    size = 14 if len(placed) <= 20 else max(3.5, 14 * math.sqrt(20 / len(placed)))
    nodes = {}
    for rank, (neighbour, x, y) in enumerate(placed):
        entity = neighbour.entity
        size_here = size * (1.3 if neighbour.hop == 0 else 1)
        node = Node(
            entity_id=entity.pk,
            name=entity.name,
            kind=entity.kind,
            kind_label=entity.get_kind_display(),
            status=neighbour.status,
            hop=neighbour.hop,
            x=round(x, 1),
            y=round(y, 1),
            size=round(size_here, 1),
            path=shape_path(SHAPES.get(entity.kind, "circle"), x, y, size_here),
            href=node_url(entity.pk),
        )
        if rank < LABEL_CAP and ring_sizes[neighbour.hop] <= RING_LABEL_MAX:
            _label(node, _short(entity.name, LABEL_CHARS))
        nodes[entity.pk] = node
    edges = []
    with_labels = len(dossier.relationships) <= EDGE_LABEL_CAP
    for rel in dossier.relationships:
        a, b = nodes[rel.subject_id], nodes[rel.object_id]
        # Stop short of the object's node so the arrowhead stays visible.
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy) or 1
        x2, y2 = b.x - dx / length * (b.size + 2), b.y - dy / length * (b.size + 2)
        edge = Edge(
            relationship_id=rel.pk,
            kind=rel.kind,
            text=relationship_text(rel),
            x1=a.x,
            y1=a.y,
            x2=round(x2, 1),
            y2=round(y2, 1),
            href=admin_url("entities.relationship", rel.pk),
        )
        if with_labels:
            edge.label = _short(f"{rel.get_kind_display()}{_dates(rel)}", 34)
            edge.label_x = round((a.x + b.x) / 2, 1)
            edge.label_y = round((a.y + b.y) / 2 - 3, 1)
        edges.append(edge)
    ordered = sorted(nodes.values(), key=lambda n: (n.hop, n.name, n.entity_id))
    labelled = sum(1 for n in ordered if n.label)
    return Graph(WIDTH, int(height), ordered, edges, labelled, with_labels)


def relationship_text(rel) -> str:
    """ "A owns B (from 2020 to 2023-05)": the relationship in words, with its dates."""
    return f"{rel.subject.name} {rel.get_kind_display()} {rel.object.name}{_dates(rel)}"


def _dates(rel) -> str:
    started, ended = date_text(rel.started), date_text(rel.ended)
    if started and ended:
        return f" (from {started} to {ended})"
    if started:
        return f" (since {started})"
    if ended:
        return f" (until {ended})"
    return ""


def _place(neighbours: dict[int, Neighbour], cy: float) -> list[tuple[Neighbour, float, float]]:
    """Positions: the centre, the inner ring by name, the outer ring grouped by the inner
    neighbour that leads to it (so that it sits near it), each group by name."""

    def by_name(n: Neighbour):
        return (n.entity.name.casefold(), n.entity.pk)

    centre = [n for n in neighbours.values() if n.hop == 0]
    inner = sorted((n for n in neighbours.values() if n.hop == 1), key=by_name)
    order = {n.entity.pk: i for i, n in enumerate(inner)}
    outer = sorted(
        (n for n in neighbours.values() if n.hop == 2),
        key=lambda n: (order.get(n.via, 0), *by_name(n)),
    )
    placed = [(n, CX, cy) for n in centre]
    for hop, ring in ((1, inner), (2, outer)):
        rx, ry = RINGS[hop]
        count = len(ring)
        # The outer ring starts half a step earlier, so a group centres on its inner node.
        offset = -math.pi / 2 - (math.pi / len(inner) if hop == 2 and inner else 0)
        for i, n in enumerate(ring):
            angle = offset + 2 * math.pi * (i + 0.5 * (hop == 2)) / count
            placed.append((n, CX + rx * math.cos(angle), cy + ry * math.sin(angle)))
    return placed


def _label(node: Node, text: str) -> None:
    """A label beside the node, on the side away from the centre."""
    node.label = text
    if node.hop == 0:
        node.label_anchor, node.label_x, node.label_y = "middle", node.x, node.y + node.size + 14
        return
    right = node.x >= CX - 1
    node.label_anchor = "start" if right else "end"
    node.label_x = round(node.x + (node.size + 4) * (1 if right else -1), 1)
    node.label_y = round(node.y + 4, 1)


def shape_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path of ``shape`` centred on (x, y), ``r`` from the centre to its edge."""
    if shape == "circle":
        return (
            f"M{x - r:.1f} {y:.1f}a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0"
            f"a{r:.1f} {r:.1f} 0 1 0 {-2 * r:.1f} 0Z"
        )
    if shape == "square":
        s = r * 0.9
        return f"M{x - s:.1f} {y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z"
    sides = {
        "diamond": (4, 0),
        "triangle": (3, 0),
        "triangle-down": (3, math.pi),
        "hexagon": (6, 0),
    }
    count, turn = sides[shape]
    points = [
        (
            x + r * math.sin(turn + 2 * math.pi * i / count),
            y - r * math.cos(turn + 2 * math.pi * i / count),
        )
        for i in range(count)
    ]
    return "M" + "L".join(f"{px:.1f} {py:.1f}" for px, py in points) + "Z"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def legend() -> list[dict]:
    """The shapes and colours of the graph, for its legend."""
    shapes = [
        {"label": label, "path": shape_path(SHAPES[kind], 9, 9, 7), "cls": "status-never"}
        for kind, label in EntityKind.choices
    ]
    colours = [
        {"label": label, "path": shape_path("circle", 9, 9, 7), "cls": f"status-{status}"}
        for status, label in STATUS_LABELS.items()
    ]
    return shapes + colours
