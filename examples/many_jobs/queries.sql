-- DuckDB over the job rows `jobstatus export --to parquet jobs.parquet ...` wrote.

-- name: time_in_queue
-- How long jobs waited between creation and start, per format (that is, per vendor API).
SELECT
    format,
    count(*) AS jobs,
    median(epoch(started_at) - epoch(created_at)) AS median_seconds,
    max(epoch(started_at) - epoch(created_at)) AS max_seconds
FROM 'jobs.parquet'
WHERE started_at IS NOT NULL AND created_at IS NOT NULL
GROUP BY format
ORDER BY format;

-- name: failed_late
-- Jobs that failed after 90% of the work was done: the most expensive failures.
SELECT source, row, format, id, progress_percent, error_message
FROM 'jobs.parquet'
WHERE status = 'failed' AND progress_percent >= 90
ORDER BY source, row;
