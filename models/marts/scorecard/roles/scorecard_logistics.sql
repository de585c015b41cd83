-- The scorecard of the logistics team.
{{ role_scorecard('logistics') }}
