-- The scorecard of the sales team.
{{ role_scorecard('sales') }}
