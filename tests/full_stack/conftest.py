"""Every real part at once. Fixtures come from the areas that own them: RabbitMQ's private
virtual host and the fake Telegram server from the notifier's tests."""

from tests.notifier.conftest import fake_telegram, rabbitmq_url

__all__ = ["fake_telegram", "rabbitmq_url"]
