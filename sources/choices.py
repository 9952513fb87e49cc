from django.db import models


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "news article"
    PRESS_RELEASE = "press_release", "official press release"
    OFFICIAL_LIST = "official_list", "official list file"
    LEGAL_ACT = "legal_act", "legal act"
    REPORT = "report", "report"
    OTHER = "other", "other"
