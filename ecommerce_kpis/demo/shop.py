"""The demo shop's shared state, its calendar rhythm and the sampling helpers.

Every domain module (``reference``, ``customers_orders``, ``sessions``,
``logistics``, ``marketing``, ``surveys``) is a set of ``draw_*(shop)``
functions that read what earlier draws left on the ``Shop`` and add their own
tables. One numpy ``Generator`` (``shop.rng``) drives all of them, so the order
in which ``generate.draw`` calls them is part of the output: changing it
changes every file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TIMEZONE = "Europe/Amsterdam"
TS_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Config:
    """Size and period of a generated data set."""

    seed: int = 42
    scale: float = 1.0
    start: str = "2025-01-01"
    months: int = 18

    @property
    def first_day(self) -> pd.Timestamp:
        return pd.Timestamp(self.start)

    @property
    def last_day(self) -> pd.Timestamp:
        end = self.first_day + pd.DateOffset(months=self.months)
        return end - pd.Timedelta(days=1)


# ---------------------------------------------------------------- helpers


def local_to_utc(local: pd.Series) -> pd.Series:
    """Naive local Amsterdam timestamps to naive UTC (DST-aware)."""
    aware = local.dt.tz_localize(
        TIMEZONE,
        nonexistent="shift_forward",
        ambiguous=np.zeros(len(local), dtype=bool),
    )
    return aware.dt.tz_convert("UTC").dt.tz_localize(None)


def utc_to_local(utc: pd.Series) -> pd.Series:
    aware = utc.dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
    return aware.dt.tz_localize(None)


def pick(rng: np.random.Generator, options, weights, size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p / p.sum())]


def ids(prefix: str, n: int, width: int) -> np.ndarray:
    if n == 0:
        return np.array([], dtype=object)
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width))


def money(values) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float), 2)


# fmt: off
HOUR_WEIGHTS_WEB = np.array([  # 0h .. 23h local: quiet nights, lunch bump, evening peak
    3, 1.5, 0.8, 0.5, 0.4, 0.6, 1.5, 3, 4, 5, 5.5, 6,
    6.5, 6, 5.5, 5.5, 6, 6.5, 7, 8, 9.5, 9.5, 8, 5.5,
])
# fmt: on
HOUR_WEIGHTS_STORE = np.array([0] * 9 + [4, 6, 8, 9, 9, 8, 8, 9, 10, 0, 0, 0, 0, 0, 0])
MONTH_FACTOR = np.array([0.9, 0.85, 0.9, 0.95, 0.95, 0.9, 0.85, 0.9, 1.0, 1.05, 1.6, 1.3])
DOW_FACTOR_WEB = np.array([1.05, 1.0, 0.98, 0.97, 0.9, 0.8, 1.1])  # Mon..Sun


class Shop:
    """What the draws share: the random stream, the calendar, the tables so far.

    Besides ``tables`` (the raw tables, by name), each domain leaves working
    arrays for the later ones:

    - reference: ``promo_pct``, ``campaign_window``; products: ``prod_group``,
      ``prod_premium``, ``group_category``, ``prod_pop``, ``complement_pairs``
    - customers_orders: ``orders`` (the order frame, completed by later draws),
      ``n_cust``, ``cust_b2b``; order lines: ``line_order``, ``line_prod``,
      ``order_net``, ``order_items``
    - sessions: ``sessions_df``, ``order_channel``, ``order_campaign``
    - logistics: ``shipments_df``, ``returns_df``
    """

    def __init__(self, config: Config) -> None:
        self.cfg = config
        self.rng = np.random.default_rng(config.seed)
        self.days = pd.date_range(config.first_day, config.last_day, freq="D")
        self.end_utc = local_to_utc(
            pd.Series([config.last_day + pd.Timedelta(hours=23, minutes=59)])
        ).iloc[0]
        self.tables: dict[str, pd.DataFrame] = {}
        n = len(self.days)
        growth = 1.0 + 0.3 * np.arange(n) / n
        month = MONTH_FACTOR[self.days.month - 1]
        dow = DOW_FACTOR_WEB[self.days.day_of_week]
        black_friday = np.isin(
            self.days.strftime("%m-%d"),
            ["11-24", "11-25", "11-26", "11-27", "11-28", "11-29", "11-30"],
        )
        self.web_day_weight = growth * month * dow * np.where(black_friday, 2.2, 1.0)

    def web_times(self, size: int, day_index: np.ndarray | None = None) -> pd.Series:
        """UTC timestamps of web events, by day weight and local hour profile."""
        rng = self.rng
        if day_index is None:
            w = self.web_day_weight
            day_index = rng.choice(len(self.days), size=size, p=w / w.sum())
        hours = rng.choice(24, size=size, p=HOUR_WEIGHTS_WEB / HOUR_WEIGHTS_WEB.sum())
        seconds = hours * 3600 + rng.integers(0, 3600, size=size)
        local = pd.Series(self.days[day_index]) + pd.to_timedelta(seconds, unit="s")
        return local_to_utc(local)
