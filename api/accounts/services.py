"""Accounts: sign-up, credential checks, and what a user's tier allows."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from api.accounts.passwords import hash_password, verify_password
from api.accounts.schemas import Limits, LoginRequest, MeOut, SignupRequest, Usage
from api.accounts.throttle import Throttle
from api.errors import Conflict, Unauthorized
from api.model_service import ModelService, repository_for
from core.config import Settings
from core.db.models import ScrapingTarget, TargetUrl, User
from core.tier_changes import DOWNGRADE_REASON
from core.tiers import Tier

BAD_CREDENTIALS = "Wrong login or password"


class UserService(ModelService[User]):
    repository_type = repository_for(User)

    async def _release_connection(self) -> None:
        # Ends the transaction so the pool gets the connection back while argon2 runs; the
        # session opens a new one for the next statement.
        await self.session.commit()

    async def sign_up(self, data: SignupRequest, throttle: Throttle, address: str) -> User:
        """Create a free-tier user; 409 naming the field when the username or e-mail is taken."""
        email = data.email.strip().lower()
        await throttle.admit_signup(address)
        await self._ensure_free(data.username, email)
        await self._release_connection()
        password_hash = await hash_password(data.password)
        user = User(username=data.username, email=email, password_hash=password_hash, tier=Tier.FREE)
        session = self.session
        try:
            async with session.begin_nested():
                session.add(user)
        except IntegrityError:
            # A parallel sign-up took the name or address between our check and our insert.
            await self._ensure_free(data.username, email)
            raise Conflict("This username or e-mail is already taken", field="username") from None
        return user

    async def _ensure_free(self, username: str, email: str) -> None:
        if await self.exists(func.lower(User.username) == username.lower()):
            raise Conflict("This username is already taken", field="username")
        if await self.exists(User.email == email):
            raise Conflict("An account with this e-mail already exists", field="email")

    async def log_in(self, data: LoginRequest, throttle: Throttle, address: str) -> User:
        """The user whose username or e-mail is the login and whose password matches, else 401;
        429 while the address or the account the login resolves to must wait."""
        login = data.login.strip()
        user = await self.get_one_or_none(
            or_(func.lower(User.username) == login.lower(), User.email == login.lower())
        )
        await throttle.admit_login(login, user, address)
        await self._release_connection()
        ok = await verify_password(user.password_hash if user else None, data.password)
        if user is None or not ok:
            raise Unauthorized(BAD_CREDENTIALS)
        await throttle.forget_account(user)
        return user

    async def profile(self, user: User, settings: Settings) -> MeOut:
        limits = settings.tier_limits(user.tier)
        session = self.session
        targets, active = (
            await session.execute(
                select(
                    func.count(ScrapingTarget.id),
                    func.count(ScrapingTarget.id).filter(ScrapingTarget.is_active.is_(True)),
                ).where(ScrapingTarget.user_id == user.id)
            )
        ).one()
        urls = await session.scalar(
            select(func.count(TargetUrl.id))
            .join(ScrapingTarget, ScrapingTarget.id == TargetUrl.target_id)
            .where(ScrapingTarget.user_id == user.id)
        )
        paused = await session.scalars(
            select(ScrapingTarget.id).where(
                ScrapingTarget.user_id == user.id, ScrapingTarget.paused_reason == DOWNGRADE_REASON
            )
        )
        return MeOut(
            id=user.id,
            username=user.username,
            email=user.email,
            tier=user.tier,
            created_at=user.created_at,
            limits=Limits(limits.max_targets, limits.max_urls, limits.interval_seconds),
            usage=Usage(targets=targets, active_targets=active, urls=urls or 0),
            subscription_status=user.subscription_status,
            paused_by_downgrade=list(paused),
        )
