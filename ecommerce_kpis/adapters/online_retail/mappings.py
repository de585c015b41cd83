"""The Online Retail II adapter's mapping choices: codes, patterns, country and category tables.

The reasons are in docs/online_retail.md; ``adapter`` and its SQL use them.
"""

from __future__ import annotations

from typing import Final

LOCAL_TIMEZONE: Final = "Europe/London"
ANONYMOUS_STORE_ID: Final = "NO_ACCOUNT"
WHOLESALE_MEDIAN_QUANTITY: Final = 6
RETURN_REASON: Final = "other"
BRAND: Final = "not_recorded"
POSTAGE_CODES: Final = ("POST", "DOT", "C2", "C3")
# stock codes that are charges, adjustments or vouchers, not products
# (matched on the upper-cased, trimmed code)
SERVICE_CODE_PATTERN: Final = (
    r"M|D|S|B|CRUK|ADJUST[0-9]*|BANK CHARGES|AMAZONFEE|TEST[0-9]*|GIFT|GIFT_.*"
)
WRITTEN_TABLES: Final = ("customers", "products", "stores", "orders", "order_lines", "returns")

# Unknown country: ZZ, the ISO-3166 user-assigned code that CLDR uses for an
# unknown region. NULL would be the contract's choice, but the project's
# staging test on country_code fails on NULL (docs/online_retail.md).
UNKNOWN_COUNTRY: Final = "ZZ"

# Country names of the export -> ISO-3166 alpha-2; None: no single code
# (written as UNKNOWN_COUNTRY, and so is a name missing from this map).
COUNTRY_CODES: Final[dict[str, str | None]] = {
    "Australia": "AU",
    "Austria": "AT",
    "Bahrain": "BH",
    "Belgium": "BE",
    "Bermuda": "BM",
    "Brazil": "BR",
    "Canada": "CA",
    "Channel Islands": None,  # Jersey (JE) or Guernsey (GG): not known which
    "Cyprus": "CY",
    "Czech Republic": "CZ",
    "Denmark": "DK",
    "EIRE": "IE",
    "European Community": None,
    "Finland": "FI",
    "France": "FR",
    "Germany": "DE",
    "Greece": "GR",
    "Hong Kong": "HK",
    "Iceland": "IS",
    "Israel": "IL",
    "Italy": "IT",
    "Japan": "JP",
    "Korea": "KR",
    "Lebanon": "LB",
    "Lithuania": "LT",
    "Malta": "MT",
    "Netherlands": "NL",
    "Nigeria": "NG",
    "Norway": "NO",
    "Poland": "PL",
    "Portugal": "PT",
    "RSA": "ZA",
    "Saudi Arabia": "SA",
    "Singapore": "SG",
    "Spain": "ES",
    "Sweden": "SE",
    "Switzerland": "CH",
    "Thailand": "TH",
    "USA": "US",
    "United Arab Emirates": "AE",
    "United Kingdom": "GB",
    "Unspecified": None,
    "West Indies": None,  # a region of several states
}

# (category, keywords): the first category with a keyword in the product
# name wins (whole words, an optional plural S); otherwise 'other'.
CATEGORY_RULES: Final[list[tuple[str, tuple[str, ...]]]] = [
    ("seasonal", ("CHRISTMAS", "XMAS", "EASTER", "ADVENT", "HALLOWEEN", "SANTA", "REINDEER")),
    (
        "jewellery_accessories",
        (
            "NECKLACE",
            "BRACELET",
            "EARRING",
            "RING",
            "CHARM",
            "BEAD",
            "DIAMANTE",
            "HAIR",
            "PURSE",
            "BROOCH",
            "BLING",
            "UMBRELLA",
        ),
    ),
    (
        "candles_lighting",
        ("CANDLE", "T-LIGHT", "TEALIGHT", "LIGHT", "LANTERN", "LAMP", "INCENSE", "CANDLEHOLDER"),
    ),
    (
        "kitchen_dining",
        (
            "MUG",
            "CUP",
            "PLATE",
            "BOWL",
            "TEA",
            "TEACUP",
            "CAKE",
            "CUTLERY",
            "JAR",
            "DISH",
            "TRAY",
            "LUNCH",
            "BAKING",
            "SPOON",
            "BOTTLE",
            "NAPKIN",
            "KITCHEN",
            "COFFEE",
            "JUG",
            "CAKESTAND",
            "APRON",
            "TEAPOT",
        ),
    ),
    (
        "stationery_giftwrap",
        (
            "CARD",
            "WRAP",
            "PAPER",
            "NOTEBOOK",
            "STICKER",
            "PEN",
            "PENCIL",
            "TAPE",
            "ENVELOPE",
            "JOURNAL",
            "CALENDAR",
            "BOOK",
            "RIBBON",
            "TISSUE",
        ),
    ),
    ("bags_storage", ("BAG", "BOX", "BASKET", "CASE", "STORAGE", "TIN", "HAMPER", "CRATE")),
    (
        "toys_party",
        (
            "TOY",
            "DOLL",
            "PARTY",
            "BIRTHDAY",
            "GAME",
            "PUZZLE",
            "JIGSAW",
            "BALLOON",
            "CHILDREN",
            "KIDS",
            "SPACEBOY",
            "BUNTING",
        ),
    ),
    ("garden", ("GARDEN", "PLANT", "PLANTER", "WATERING", "BIRD", "POT", "FEEDER")),
    (
        "home_decor",
        (
            "HEART",
            "SIGN",
            "FRAME",
            "MIRROR",
            "CLOCK",
            "CUSHION",
            "DOORMAT",
            "MAT",
            "DECORATION",
            "HANGING",
            "GARLAND",
            "VASE",
            "HOOK",
            "WALL",
            "ORNAMENT",
            "TILE",
            "DOORSTOP",
            "THROW",
            "QUILT",
        ),
    ),
]
