"""The DAG flows one way: staging -> intermediate -> marts, never back.

Read from dbt's parsed manifest: no model reads a model of a later layer
(an intermediate model that reads a mart, a staging model that reads an
intermediate one). The detector is itself checked on a planted back-edge.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import CiBuild

LAYERS = ("staging", "intermediate", "marts")


@pytest.fixture(scope="module")
def manifest(ci_build: CiBuild) -> dict:
    """dbt's parsed manifest of this checkout: the session build's."""
    return ci_build.manifest


def layer(node: dict) -> str | None:
    """The layer of a model: the folder under models/ (None outside the layers)."""
    parts = Path(node["original_file_path"]).parts
    if len(parts) > 1 and parts[0] == "models" and parts[1] in LAYERS:
        return parts[1]
    return None


def back_edges(manifest: dict) -> list[str]:
    """'child (layer) reads parent (later layer)' for every model edge that points back."""
    nodes = manifest["nodes"]
    found = []
    for node in nodes.values():
        if node["resource_type"] != "model" or layer(node) is None:
            continue
        for parent_id in node["depends_on"]["nodes"]:
            parent = nodes.get(parent_id)
            if not parent or parent["resource_type"] != "model" or layer(parent) is None:
                continue
            if LAYERS.index(layer(parent)) > LAYERS.index(layer(node)):
                found.append(
                    f"{node['name']} ({layer(node)}) reads {parent['name']} ({layer(parent)})"
                )
    return sorted(found)


def test_no_model_reads_a_later_layer(manifest: dict) -> None:
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    assert {layer(n) for n in models} >= set(LAYERS)
    assert back_edges(manifest) == []


def test_a_planted_back_edge_is_found(manifest: dict) -> None:
    planted = copy.deepcopy(manifest)
    node = planted["nodes"]["model.ecommerce_kpis.int_as_of_date"]
    node["depends_on"]["nodes"].append("model.ecommerce_kpis.kpi_customer_lifetime_value")
    assert back_edges(planted) == [
        "int_as_of_date (intermediate) reads kpi_customer_lifetime_value (marts)"
    ]
