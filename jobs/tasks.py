"""The one task the queue knows: run a job (its kind says what to do, jobs.registry)."""

from django_tasks import task

from jobs import services


@task()
def run_job_task(job_id: int) -> str:
    return services.run_job(job_id)
