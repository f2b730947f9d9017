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
