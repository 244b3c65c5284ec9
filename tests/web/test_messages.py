"""Field errors in Korean and English from their type and context: every error the schemas can raise."""

from __future__ import annotations

import re
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter, ValidationError

from app.config import Settings
from app.i18n import strings
from app.main import create_app
from app.web.messages import TYPE_KEYS, field_message, human_number, localize, message_key
from app.web.permalink import QueryError, configs_from_query
from app.web.protocol import field_errors
from app.web.routes.lessons import GradientTiming
from app.web.run_config import CompareRequest, RunConfig, run_limit_errors
from app.web.schemas import DescentRun
from app.web.train_schemas import TrainRun
from tests.schema_walk import bad_values, leaves, put

RUN = TypeAdapter(RunConfig)
MODELS: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (DescentRun, {"kind": "descent"}), (TrainRun, {"kind": "train"}), (GradientTiming, {}), (CompareRequest, {})]
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _validate(model: type[BaseModel], config: Any) -> list[dict[str, Any]]:
    try:
        RUN.validate_python(config) if model in (DescentRun, TrainRun) else model.model_validate(config)
    except ValidationError as e:
        return e.errors()
    return []


def _every_schema_error() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(pydantic's error, our field error) for bad values in every field of every request model."""
    seen = []
    for model, base in MODELS:
        schema = model.model_json_schema()
        for path, s in leaves(schema):
            for value in bad_values(s):
                config = put(base, path, value)
                raw = _validate(model, config)
                seen += list(zip(raw, field_errors(raw), strict=True))
        raw = _validate(model, {**base, "zz": 1})
        seen += list(zip(raw, field_errors(raw), strict=True))
    raw = []
    try:
        RUN.validate_json(b'{"steps": ')
    except ValidationError as e:
        raw = e.errors()
    seen += list(zip(raw, field_errors(raw), strict=True))
    return seen


SEEN = _every_schema_error()


def test_the_walk_meets_every_kind_of_refusal() -> None:
    types = {raw["type"] for raw, _ in SEEN}
    # no field has an open maximum (the registries write β < 1 as β ≤ 0.999999), so no "less_than"
    assert {"greater_than_equal", "greater_than", "less_than_equal", "literal_error", "int_from_float",
            "number_type", "finite_number", "missing", "extra_forbidden", "bool_type", "string_type",
            "string_pattern_mismatch", "string_too_long", "too_long", "too_short", "tuple_type", "list_type",
            "model_type", "json_invalid"} <= types, types


def test_every_error_type_the_schemas_raise_has_its_own_sentence() -> None:
    unknown = {raw["type"] for raw, f in SEEN if message_key(f) == "error.invalid"}
    assert not unknown, unknown
    assert set(TYPE_KEYS) >= {raw["type"] for raw, _ in SEEN}


def test_no_korean_message_repeats_pydantic_english() -> None:
    for raw, f in SEEN:
        ko = field_message("ko", f)
        allowed = {"JSON"} | set(ENGLISH.findall(str((f.get("ctx") or {}).get("expected", ""))))
        leaked = set(ENGLISH.findall(raw["msg"])) & set(ENGLISH.findall(ko)) - allowed
        assert not leaked, (raw["msg"], ko)
        assert not re.search(r"\d\.\d{7,}", ko), ko  # never 0.0000000001
        assert raw["msg"] not in ko and raw["msg"] not in field_message("en", f)


def test_both_languages_name_the_field_for_every_error() -> None:
    for _, f in SEEN:
        for lang in ("ko", "en"):
            text = field_message(lang, f)
            assert "{" not in text and text.endswith("."), text
            field, _, rest = text.partition(": ")
            assert field and rest, text


def test_every_field_of_every_request_has_a_name_in_both_languages() -> None:
    for model, _ in MODELS:
        for path, _ in leaves(model.model_json_schema()):
            bare = ".".join(str(p) for p in path if not isinstance(p, int))
            for lang in ("ko", "en"):
                assert f"error.field.{bare}" in strings(lang), (model.__name__, bare, lang)


def test_a_learning_rate_below_the_minimum_quotes_the_minimum_for_people() -> None:
    raw = _validate(DescentRun, {"optimizer": {"lr": 1e-11}})
    (f,) = localize(field_errors(raw))
    assert f["message"] == {"ko": "학습률: 1e-10 이상이어야 합니다.", "en": "Learning rate: must be at least 1e-10."}
    assert f["msg"] == f["message"]["en"] and f["ctx"] == {"ge": 1e-10}


@pytest.mark.parametrize(("config", "ko", "en"), [
    ({"optimizer": {"name": "lion"}}, "옵티마이저: 다음 중 하나여야 합니다: sgd, momentum, nesterov, adagrad, rmsprop, "
     "adam, adamw.", "Optimizer: must be one of: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw."),
    ({"steps": 2.5}, "단계 수: 정수여야 합니다 (예: 3).", "Steps: must be a whole number (e.g. 3)."),
    ({"steps": "10"}, "단계 수: 숫자여야 합니다.", "Steps: must be a number."),
    ({"start": [1]}, "시작점 x₁: 값을 입력해야 합니다.", "Start x₁: a value is required."),
    ({"optimizer": {"betas": [0.9, 1.0]}}, "β₂ (기울기 제곱의 평균): 0.999999 이하여야 합니다.",
     "β₂ (mean of squared gradients): must be at most 0.999999."),
    ({"gradient": {"h": 1e-13}}, "차분 간격 h: 1e-12 이상이어야 합니다.", "Difference step h: must be at least 1e-12."),
    ({"zz": 1}, "zz: 이런 설정은 없습니다 (알 수 없는 항목).", "zz: there is no such setting (unknown key)."),
])
def test_sentences(config: dict[str, Any], ko: str, en: str) -> None:
    (f,) = localize(field_errors(_validate(DescentRun, config)))
    assert f["message"] == {"ko": ko, "en": en}


@pytest.mark.parametrize(("value", "text"), [(1e-10, "1e-10"), (0.0000000001, "1e-10"), (5000, "5,000"),
                                             (1e300, "1e300"), (0.999, "0.999"), (1e-5, "1e-5"), (2.5, "2.5"),
                                             (2**31 - 1, "2,147,483,647"), (0.001, "0.001"), ("relu", "relu")])
def test_numbers_are_written_for_people(value: Any, text: str) -> None:
    assert human_number(value) == text


SMALL = Settings(max_steps=5000, max_epochs=50, max_train_iterations=5000, max_numeric_params=100, max_samples=1000,
                 max_hidden_layers=2, max_hidden_units=64, log_runs=False)


@pytest.mark.parametrize(("config", "name", "ko", "en"), [
    ({"kind": "descent", "steps": 6000}, "max_steps", "최대 5,000단계", "at most 5,000 steps"),
    ({"kind": "train", "epochs": 60}, "max_epochs", "최대 50 에폭", "at most 50 epochs"),
    ({"kind": "train", "batch_size": 1, "epochs": 50}, "max_train_iterations", "= 50 × ", "50 × "),
    ({"kind": "train", "gradient": {"mode": "numerical"}}, "max_numeric_params",
     "매개변수(가중치와 편향)가 최대 100개인 신경망까지", "at most 100 parameters (weights and biases)"),
    ({"kind": "train", "dataset": {"name": "moons", "n": 2000}}, "max_samples", "최대 1,000개",
     "at most 1,000 samples"),
    ({"kind": "train", "model": {"hidden": [8, 8, 8]}}, "max_hidden_layers", "최대 2개", "at most 2 hidden layers"),
    ({"kind": "train", "model": {"hidden": [100]}}, "max_hidden_units", "최대 64개", "at most 64 units"),
])
def test_every_limit_names_what_it_counts(config: dict[str, Any], name: str, ko: str, en: str) -> None:
    fields = localize(run_limit_errors(RUN.validate_python(config), SMALL))
    f = next(f for f in fields if f.get("name") == name)
    assert ko in f["message"]["ko"] and en in f["message"]["en"], f["message"]
    assert not ENGLISH.search(f["message"]["ko"].replace("MSE", "")), f["message"]["ko"]


def test_other_refusals_are_in_korean_too() -> None:
    configs = [{"kind": "train", "dataset": {"name": "digits", "noise": 0.1}},
               {"kind": "train", "dataset": {"name": "moons", "validation_fraction": 0.5, "test_fraction": 0.5}},
               {"kind": "train", "dataset": {"name": "linreg"}, "model": {"loss": "cross_entropy"}},
               {"kind": "descent", "schedule": {"name": "range_test", "lr_max": 0.01}}]
    types = set()
    for c in configs:
        for f in localize(run_limit_errors(RUN.validate_python(c), SMALL)):
            types.add(f["type"])
            assert message_key(f) != "error.invalid" and "{" not in f["message"]["ko"], f
            assert not ENGLISH.search(f["message"]["ko"].replace("MSE", "").replace("digits", "")), f
    assert types >= {"not_taken", "no_training_data", "needs_mse", "lr_max_below_lr"}


@pytest.mark.parametrize(("query", "ko"), [
    ({"lr": "abc"}, "학습률: 숫자여야 합니다."), ({"steps": "2.5"}, "단계 수: 정수여야 합니다 (예: 3)."),
    ({"start": "1"}, "시작점: 쉼표로 구분한 숫자 두 개여야 합니다 (예: -3,4)."),
    ({"vary": "zz", "values": "1"}, "바꿔 볼 설정: 다음 중 하나여야 합니다: lr, opt, grad, momentum."),
    ({"beta2": "inf"}, "β₂ (기울기 제곱의 평균): 숫자여야 합니다."),  # the one number grammar has no "inf"
])
def test_figure_query_errors(query: dict[str, str], ko: str) -> None:
    with pytest.raises(QueryError) as e:
        configs_from_query(query)
    assert localize([e.value.error()])[0]["message"]["ko"] == ko


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(SMALL))


def test_http_and_websocket_refusals_carry_both_languages(client: TestClient) -> None:
    r = client.post("/api/v1/runs", json={"optimizer": {"lr": 1e-11}, "gradient": {"h": "x"}})
    assert r.status_code == 422
    assert [f["message"]["ko"] for f in r.json()["detail"]] == ["학습률: 1e-10 이상이어야 합니다.",
                                                                "차분 간격 h: 숫자여야 합니다."]
    r = client.get("/api/v1/figure.svg", params={"lr": "1e-11"})
    assert r.status_code == 422 and r.json()["detail"][0]["message"]["ko"] == "학습률: 1e-10 이상이어야 합니다."
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": [{"optimizer": {"lr": 0}}, {"kind": "train", "batch_size": 0}]}')
        err = orjson.loads(ws.receive_text())
    assert err["code"] == "invalid_run"
    assert [f["message"]["ko"] for f in err["fields"]] == ["실행 1 · 학습률: 1e-10 이상이어야 합니다.",
                                                           "실행 2 · 배치 크기: 1 이상이어야 합니다."]
    assert err["messages"]["ko"] == " ".join(f["message"]["ko"] for f in err["fields"])
    assert err["messages"]["en"] == err["message"] == " ".join(f["message"]["en"] for f in err["fields"])
