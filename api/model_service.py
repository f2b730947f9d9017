"""The base of the API's services: advanced-alchemy's repository service over one table, with the
request's session at hand. A service names its table once (`repository_type =
repository_for(User)`) and keeps its business rules; the plumbing lives here."""

from __future__ import annotations

from typing import cast

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.repository.typing import ModelT
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy.ext.asyncio import AsyncSession


def repository_for(model: type[ModelT]) -> type[SQLAlchemyAsyncRepository[ModelT]]:
    """advanced-alchemy's repository over `model`'s table."""
    name = f"{model.__name__}Repository"
    return cast(
        type[SQLAlchemyAsyncRepository[ModelT]],
        type(name, (SQLAlchemyAsyncRepository,), {"model_type": model}),
    )


class ModelService(SQLAlchemyAsyncRepositoryService[ModelT, SQLAlchemyAsyncRepository[ModelT]]):
    """A service over one table; `session` is the request's own (advanced-alchemy also allows a
    scoped one, unused here)."""

    @property
    def session(self) -> AsyncSession:
        return cast(AsyncSession, self.repository.session)
