"""The FollowTheMoney export: the records as FtM entities, one JSON object a line.

FtM is the entity model of OpenSanctions, read by yente, nomenklatura and Aleph. The wire
contract with ``import_list ftm`` is /work/notes/ftm-contract.md (issue 13): which of our
records becomes which schema is in :mod:`entities.ftm.vocabulary`, how the lines are built
and streamed in :mod:`entities.ftm.export`. The project does not depend on the
``followthemoney`` package at run time; the tests validate every line with it.
"""
