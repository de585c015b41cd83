select count(*) as duplicate_returns from lines
inner join matched_returns as r
    on lines.invoice = r.invoice and lines.line_number = r.line_number
where lines.outcome = 'cancellation' and lines.copy_number > 1
