select count(*) as split_cancellations from (
    select
        invoice,
        line_number
    from matched_returns
    group by all
    having count(*) > 1
) as split
