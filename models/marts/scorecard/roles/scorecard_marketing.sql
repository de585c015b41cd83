-- The scorecard of the marketing team.
{{ role_scorecard('marketing') }}
