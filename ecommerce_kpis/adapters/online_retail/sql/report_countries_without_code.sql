select
    coalesce(lines.country, '(blank)') as country_name,
    count(*) as source_lines
from lines
left join country_codes on lines.country = country_codes.name
where
    coalesce(country_codes.code, {unknown_country})
    = {unknown_country}
group by all
order by 1
