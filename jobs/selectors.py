"""Which jobs a user may see: their own; staff see everyone's."""

from django.db.models import QuerySet

from jobs.models import Job


def jobs_visible_to(user) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by", "result_type")
    if user.is_staff:
        return jobs
    return jobs.filter(created_by=user)
