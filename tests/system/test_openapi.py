"""The OpenAPI document: every route, summaries, tags, examples, errors and security schemes."""

from __future__ import annotations

import re

from litestar.routes import HTTPRoute


async def test_document_lists_every_route_with_summary_and_tags(raw_client, app):
    document = (await raw_client.get("/schema/openapi.json")).json()
    assert document["info"]["title"] == "offerwatch API"
    assert document["info"]["version"]
    documented = {
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    for route in app.routes:
        # The explorers' own pages and assets are not part of the API.
        if not isinstance(route, HTTPRoute) or route.path.startswith("/schema"):
            continue
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            for method in handler.http_methods:
                if method in {"HEAD", "OPTIONS"}:
                    continue
                path = route.path_format or "/"
                assert (path, method) in documented, (path, method)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), (method, path)
            assert operation.get("tags"), (method, path)


async def test_error_responses_and_request_examples_are_documented(raw_client):
    document = (await raw_client.get("/schema/openapi.json")).json()
    signup = document["paths"]["/api/public/auth/signup"]["post"]
    assert {"400", "409"} <= set(signup["responses"])
    body = signup["requestBody"]["content"]["application/json"]
    assert body.get("examples") or body["schema"].get("examples")
    create = document["paths"]["/api/public/targets"]["post"]
    assert {"400", "401", "403"} <= set(create["responses"])
    error = create["responses"]["403"]["content"]["application/json"]
    assert error["examples"]


async def test_security_schemes_and_csrf_are_described(raw_client):
    document = (await raw_client.get("/schema/openapi.json")).json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["sessionCookie"] == {
        "type": "apiKey",
        "name": "ow_session",
        "in": "cookie",
        "description": schemes["sessionCookie"]["description"],
    }
    assert schemes["internalToken"]["scheme"] == "bearer"
    assert "x-csrftoken" in document["info"]["description"]
    me = document["paths"]["/api/public/auth/me"]["get"]
    assert {"sessionCookie": []} in me["security"]


async def test_explorers_are_served_without_any_cdn(raw_client):
    for path in ("/schema/swagger", "/schema/redoc"):
        page = await raw_client.get(path)
        assert page.status_code == 200
        external = re.findall(r"""(?:src|href)=["']?(?:https?:)?//[^"' >]+""", page.text)
        assert external == [], path
    for asset in (
        "/schema/assets/swagger/swagger-ui-bundle.js",
        "/schema/assets/swagger/swagger-ui.css",
        "/schema/assets/redoc/redoc.standalone.js",
    ):
        response = await raw_client.get(asset)
        assert response.status_code == 200, asset
        assert len(response.content) > 10_000
