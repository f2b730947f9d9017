"""Unknown query parameters are refused; OPTIONS lists every method of a path in Allow; the
document says which bodies refuse unknown fields and that sign-up and login need no session."""

from __future__ import annotations

TARGET = "/api/public/targets/e3e70682-c209-1cac-a29f-6fbed82c07cd"


async def test_an_unknown_query_parameter_answers_400_naming_it(client, user):
    response = await client.get("/api/public/targets", params={"ofset": 10})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "ofset", "message": "Unknown query parameter 'ofset'"}]
    assert (await client.get("/api/public/targets", params={"offset": 10})).status_code == 200


async def test_options_lists_every_method_of_the_path(client):
    response = await client.options(TARGET)
    assert response.status_code == 204
    assert response.headers["allow"] == "DELETE, GET, OPTIONS, PATCH"


async def test_the_document_refuses_unknown_fields_and_frees_signup_from_the_session(client):
    document = (await client.get("/schema/openapi.json")).json()
    schemas = document["components"]["schemas"]
    assert schemas["TargetCreate"]["additionalProperties"] is False
    assert schemas["SignupRequest"]["additionalProperties"] is False
    assert "additionalProperties" not in schemas["TargetOut"]
    assert document["paths"]["/api/public/auth/signup"]["post"]["security"] == []
    assert document["paths"]["/api/public/auth/login"]["post"]["security"] == []
    assert document["paths"]["/api/public/auth/me"]["get"]["security"] == [{"sessionCookie": []}]
    price = schemas["Filters"]["properties"]["min_price"]["oneOf"][0]["oneOf"]
    assert {variant["type"] for variant in price} == {"string", "number"}


STRICT_BODIES = [
    (
        "post",
        "/api/public/targets",
        {"name": "Bikes", "urls": [{"url": "https://shop.example/a", "render_js": 0}]},
        "urls[0].render_js",
    ),
    (
        "post",
        "/api/public/targets",
        {"name": "Bikes", "urls": [{"url": "https://shop.example/a", "render_js": "true"}]},
        "urls[0].render_js",
    ),
    (
        "post",
        "/api/public/targets",
        {"name": "Bikes", "urls": [{"url": "https://shop.example/a", "max_pages": "2"}]},
        "urls[0].max_pages",
    ),
]


async def test_json_bodies_are_read_strictly_naming_the_field(client, user):
    for method, path, body, field in STRICT_BODIES:
        response = await client.request(method, path, json=body)
        assert response.status_code == 400, (body, response.text)
        assert response.json()["errors"][0]["field"] == field, response.json()
        assert response.json()["errors"][0]["message"].startswith("Expected `"), response.json()
    created = await client.post("/api/public/targets", json={"name": "Bikes"})
    assert created.status_code == 201, created.text
    target = created.json()["id"]
    url = f"/api/public/targets/{target}/urls"
    response = await client.post(url, json={"url": "https://shop.example/b", "render_js": 1})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "render_js"
    response = await client.post(f"/api/public/targets/{target}/activate", json={"catch_up": "false"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "catch_up"
    response = await client.post(url, json={"url": "https://shop.example/b", "render_js": True})
    assert response.status_code == 201, response.text
