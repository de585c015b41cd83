-- The scorecard of the finance team.
{{ role_scorecard('finance') }}
