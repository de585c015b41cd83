-- The scorecard of the customer team.
{{ role_scorecard('customer') }}
