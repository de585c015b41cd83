"""The demo data generator: deterministic, contract-shaped, rule-abiding, realistic."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ecommerce_kpis.cli import main
from ecommerce_kpis.demo.generate import Config, generate, write
from ecommerce_kpis.schema import KIND_SQL_TYPES, RAW_TABLES, columns

SMALL = Config(seed=7, scale=0.05, months=6)


@pytest.fixture(scope="module")
def small_tables() -> dict[str, pd.DataFrame]:
    return generate(SMALL)


@pytest.fixture(scope="module")
def demo() -> duckdb.DuckDBPyConnection:
    """The committed demo seeds, typed, in an in-memory DuckDB."""
    from conftest import SEEDS

    con = duckdb.connect()
    for table in RAW_TABLES:
        con.execute(
            f"create view {table} as select * from read_csv("
            f"'{(SEEDS / f'raw_{table}.csv').as_posix()}', header = true)"
        )
    yield con
    con.close()


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    a = write(generate(SMALL), tmp_path / "a")
    b = write(generate(SMALL), tmp_path / "b")
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_other_seed_gives_other_data(small_tables) -> None:
    other = generate(Config(seed=8, scale=0.05, months=6))
    assert not other["orders"].equals(small_tables["orders"])


def test_committed_seeds_are_the_generator_output(tmp_path: Path, root: Path) -> None:
    """The seeds in the repo are exactly `ecommerce-kpis generate` with defaults."""
    paths = write(generate(Config()), tmp_path, prefix="raw_")
    for path in paths:
        committed = root / "seeds" / "raw" / path.name
        assert committed.read_bytes() == path.read_bytes(), f"{path.name}: run `make seeds`"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_headers_match_the_contract(small_tables, tmp_path: Path, fmt: str) -> None:
    paths = write(small_tables, tmp_path, fmt=fmt)
    assert sorted(p.stem for p in paths) == sorted(RAW_TABLES)
    con = duckdb.connect()
    for path in paths:
        reader = "read_csv" if fmt == "csv" else "read_parquet"
        names = [r[0] for r in con.execute(f"describe select * from {reader}('{path}')").fetchall()]
        assert names == columns(path.stem), path.name


def test_values_parse_as_their_contract_types(small_tables) -> None:
    con = duckdb.connect()
    casts = {
        "timestamp": "timestamp",
        "date": "date",
        "integer": "bigint",
        "decimal": "decimal(18,2)",
    }
    for table, cols in RAW_TABLES.items():
        con.register("t", small_tables[table])
        for name, kind in cols:
            if kind in casts:
                bad = con.execute(
                    f'select count(*) from t where "{name}" is not null '
                    f'and try_cast("{name}" as {casts[kind]}) is null'
                ).fetchone()[0]
                assert bad == 0, f"{table}.{name}"
        con.unregister("t")


# ------------------------------------------------------------------ contract rules
# Each query returns the number of rows that break one rule of docs/spec/raw-tables.md.
RULES = {
    "customer ids unique": "select count(*) - count(distinct customer_id) from customers",
    "customer type": "select count(*) from customers where customer_type not in ('b2c','b2b')",
    "product ids unique": "select count(*) - count(distinct product_id) from products",
    "product prices": "select count(*) from products where list_price <= 0 or unit_cost < 0",
    "complements exist": """select count(*) from product_complements c
        where c.product_group_id not in (select product_group_id from products)
           or c.complement_group_id not in (select product_group_id from products)""",
    "session ids unique": "select count(*) - count(distinct session_id) from sessions",
    "session counts": """select count(*) from sessions where duration_seconds < 0
        or pageviews < 1 or interactions < 0 or visitor_id is null or landing_page is null""",
    "session enums": """select count(*) from sessions where device_category not in
        ('desktop','mobile','tablet') or channel not in ('organic_search','paid_search',
        'paid_social','organic_social','email','display','affiliate','referral','direct')""",
    "order ids unique": "select count(*) - count(distinct order_id) from orders",
    "webshop orders have a customer": """select count(*) from orders
        where sales_channel = 'webshop' and customer_id is null""",
    "store id iff store": """select count(*) from orders
        where (sales_channel = 'store') != (store_id is not null)""",
    "store orders have no session": """select count(*) from orders
        where sales_channel = 'store' and session_id is not null""",
    "order enums": """select count(*) from orders where sales_channel not in ('webshop','store')
        or status not in ('completed','cancelled') or shipping_fee < 0""",
    "order customers exist": """select count(*) from orders where customer_id is not null
        and customer_id not in (select customer_id from customers)""",
    "order promotions exist": """select count(*) from orders where promotion_id is not null
        and promotion_id not in (select promotion_id from promotions)""",
    "every order has a line": """select count(*) from orders
        where order_id not in (select order_id from order_lines)""",
    "line ids unique": "select count(*) - count(distinct order_line_id) from order_lines",
    "line amounts": """select count(*) from order_lines where quantity <= 0 or unit_price <= 0
        or discount_amount < 0 or discount_amount > quantity * unit_price""",
    "line references": """select count(*) from order_lines
        where order_id not in (select order_id from orders)
           or product_id not in (select product_id from products)""",
    "return quantity within line": """select count(*) from (select r.order_line_id
        from returns r join order_lines l using (order_line_id)
        group by r.order_line_id, l.quantity having sum(r.quantity) > l.quantity)""",
    "return times": """select count(*) from returns r join order_lines l using (order_line_id)
        join orders o using (order_id) where r.requested_at < o.ordered_at
        or r.received_at < r.requested_at or r.quantity <= 0 or r.refund_amount < 0""",
    "shipments of webshop orders": """select count(*) from shipments s join orders o
        using (order_id) where o.sales_channel != 'webshop' or s.shipped_at < o.ordered_at
        or s.delivered_at < s.shipped_at or s.delivery_attempts < 0 or s.shipping_cost < 0""",
    "shipment enums": """select count(*) from shipments where shift not in ('early','late','night')
        or picking_method not in ('single_order','batch','zone','wave')
        or coalesce(fulfilment_error, 'wrong_item') not in
           ('wrong_item','wrong_size','missing_item','damaged')""",
    "ad rows unique per campaign-day": """select count(*) - count(distinct (report_date, campaign_id))
        from ad_performance""",
    "ad counts": """select count(*) from ad_performance where reach > impressions
        or clicks > impressions or cost < 0 or impressions < 0
        or campaign_id not in (select campaign_id from campaigns)""",
    "nps scores": """select count(*) from nps_responses where score not between 0 and 10
        or customer_id not in (select customer_id from customers)""",
    "traffic rows unique": """select count(*) - count(distinct (store_id, traffic_date))
        from store_traffic""",
    "marketing cost channels": """select count(*) from marketing_costs where channel not in
        (select distinct channel from sessions) or amount < 0""",
}


@pytest.mark.parametrize("rule", RULES)
def test_demo_seeds_follow_contract_rule(demo, rule: str) -> None:
    assert demo.execute(RULES[rule]).fetchone()[0] == 0


def test_small_tier_follows_contract_rules(small_tables) -> None:
    con = duckdb.connect()
    for table in RAW_TABLES:
        con.register(f"{table}_text", small_tables[table])
        casts = ", ".join(
            f'cast("{c}" as {dict(KIND_SQL_TYPES, integer="bigint")[t]}) as "{c}"'
            for c, t in RAW_TABLES[table]
        )
        con.execute(f"create view {table} as select {casts} from {table}_text")
    broken = {rule: con.execute(sql).fetchone()[0] for rule, sql in RULES.items()}
    assert broken == dict.fromkeys(RULES, 0)


# ------------------------------------------------------------------ realism


def scalar(con, sql: str) -> float:
    return con.execute(sql).fetchone()[0]


def test_seeds_stay_small(root: Path) -> None:
    total = sum(p.stat().st_size for p in (root / "seeds" / "raw").glob("*.csv"))
    assert total < 15_000_000


def test_conversion_rate_is_one_to_three_percent_and_higher_for_b2b(demo) -> None:
    rate = scalar(
        demo,
        """select (select count(*) from orders where sales_channel = 'webshop'
               and status = 'completed' and session_id in (select session_id from sessions))
           / (select count(*) from sessions)""",
    )
    assert 0.01 <= rate <= 0.03
    by_type = dict(
        demo.execute(
            """select c.customer_type, count(o.order_id) / count(distinct s.session_id)
               from sessions s join customers c using (customer_id)
               left join orders o on o.session_id = s.session_id group by 1"""
        ).fetchall()
    )
    assert by_type["b2b"] > by_type["b2c"]


def test_return_rates_by_category(demo) -> None:
    rates = dict(
        demo.execute(
            """select p.category, sum(coalesce(r.qty, 0)) / sum(l.quantity)
               from order_lines l join products p using (product_id)
               join orders o using (order_id)
               left join (select order_line_id, sum(quantity) qty from returns group by 1) r
                 using (order_line_id)
               where o.status = 'completed' group by 1"""
        ).fetchall()
    )
    for category in ("dresses", "tops", "jeans", "shoes"):
        assert 0.20 <= rates[category] <= 0.40, category
    for category in ("accessories", "home", "beauty"):
        assert rates[category] < 0.10, category
    top_reason = scalar(
        demo, "select reason from returns group by 1 order by count(*) desc limit 1"
    )
    assert top_reason == "wrong_size"


def test_fulfilment_errors_and_first_time_delivery(demo) -> None:
    error_rate = scalar(demo, "select avg((fulfilment_error is not null)::int) from shipments")
    assert 0.01 <= error_rate <= 0.05
    ftd = scalar(
        demo,
        """select avg((delivered_at is not null and delivery_attempts = 1
               and cast(timezone('Europe/Amsterdam', timezone('UTC', delivered_at)) as date)
                   <= promised_delivery_date
               and fulfilment_error is null)::int) from shipments""",
    )
    assert 0.85 <= ftd <= 0.95
    assert scalar(demo, "select count(*) from shipments where delivery_attempts > 1") > 0
    late = """select count(*) from shipments where cast(timezone('Europe/Amsterdam',
              timezone('UTC', delivered_at)) as date) > promised_delivery_date"""
    assert scalar(demo, late) > 0
    operators = demo.execute("select operator from warehouses order by 1").fetchall()
    assert operators == [("own",), ("partner",)]
    cost_per_order = dict(
        demo.execute(
            """select c.warehouse_id, sum(c.amount) / (select count(distinct order_id)
                 from shipments s where s.warehouse_id = c.warehouse_id)
               from fulfilment_costs c group by 1"""
        ).fetchall()
    )
    assert cost_per_order["WH01"] != pytest.approx(cost_per_order["WH02"], rel=0.05)


def test_nps_has_all_three_groups(demo) -> None:
    shares = demo.execute(
        """select avg((score >= 9)::int), avg((score between 7 and 8)::int),
                  avg((score <= 6)::int) from nps_responses"""
    ).fetchone()
    assert all(share >= 0.10 for share in shares)
    touchpoints = {
        r[0] for r in demo.execute("select distinct touchpoint from nps_responses").fetchall()
    }
    assert touchpoints == {"post_purchase", "post_delivery", "post_return", "periodic"}


def test_calendar_rhythm_and_november_peak(demo) -> None:
    months = scalar(demo, "select count(distinct date_trunc('month', ordered_at)) from orders")
    assert 17 <= months <= 19
    peak = scalar(
        demo,
        """with m as (select date_trunc('month', ordered_at) m, count(*) n from orders
                     where sales_channel = 'webshop' group by 1)
           select (select n from m where month(m) = 11) / avg(n) from m""",
    )
    assert peak > 1.3
    by_dow = dict(
        demo.execute(
            "select isodow(session_start_at), count(*) from sessions group by 1"
        ).fetchall()
    )
    assert by_dow[6] < by_dow[1]  # quieter Saturdays than Mondays


def test_repeat_buyers_and_churners(demo) -> None:
    orders_per_customer = demo.execute(
        """select count(*) filter (where n = 1), count(*) filter (where n >= 2), count(*)
           from (select customer_id, count(*) n from orders
                 where customer_id is not null group by 1)"""
    ).fetchone()
    _one, repeat, total = orders_per_customer
    assert 0.25 <= repeat / total <= 0.75
    lapsed = scalar(
        demo,
        """select count(*) from (select customer_id, max(ordered_at) as last_order from orders
             where customer_id is not null group by 1)
           where last_order < (select max(ordered_at) from orders) - interval 180 days""",
    )
    assert lapsed / total > 0.2


def test_stores_campaigns_and_time_edges(demo) -> None:
    assert scalar(demo, "select count(distinct store_id) from store_traffic") == 2
    anonymous = scalar(
        demo, "select count(*) from orders where sales_channel = 'store' and customer_id is null"
    )
    assert anonymous > 100
    platforms = scalar(demo, "select count(distinct platform) from campaigns")
    assert platforms >= 3
    days_per_campaign = scalar(
        demo, "select min(n) from (select count(*) n from ad_performance group by campaign_id)"
    )
    assert days_per_campaign >= 14
    # events within an hour of local midnight, on both sides of it
    near_midnight = scalar(
        demo,
        """select count(*) from orders where hour(timezone('Europe/Amsterdam',
             timezone('UTC', ordered_at))) in (23, 0)""",
    )
    assert near_midnight > 20
    # events in the days around both DST switches of 2025
    for switch in ("2025-03-30", "2025-10-26"):
        around = scalar(
            demo,
            f"""select count(*) from sessions where session_start_at
                between timestamp '{switch}' - interval 1 day
                    and timestamp '{switch}' + interval 1 day""",
        )
        assert around > 50, switch


def test_cli_writes_parquet_tier(tmp_path: Path, capsys) -> None:
    code = main(
        [
            "generate",
            "--out",
            str(tmp_path),
            "--scale",
            "0.02",
            "--months",
            "3",
            "--format",
            "parquet",
        ]
    )
    assert code == 0
    assert sorted(p.stem for p in tmp_path.glob("*.parquet")) == sorted(RAW_TABLES)
    assert f"wrote {len(RAW_TABLES)} tables" in capsys.readouterr().out


def test_cli_rejects_nonsense_scale() -> None:
    with pytest.raises(SystemExit):
        main(["generate", "--scale", "0"])
