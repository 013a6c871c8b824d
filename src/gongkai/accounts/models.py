"""Staff accounts and the failed-login record behind the lockout."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    """A staff member. The public never logs in; applicants come with a later issue."""

    full_name = models.CharField("姓名", max_length=50, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class LoginFailureQuerySet(models.QuerySet):
    def recent(self, username: str) -> LoginFailureQuerySet:
        return self.within_window().filter(username__iexact=username)

    def within_window(self) -> LoginFailureQuerySet:
        since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        return self.filter(at__gte=since)


class LoginFailure(models.Model):
    """One failed login. Rows, not process memory, so every app process sees them."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return f"{self.username} @ {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def is_locked(cls, username: str) -> bool:
        return cls.objects.recent(username).count() >= settings.LOGIN_FAILURE_LIMIT

    @classmethod
    def is_address_locked(cls, ip: str | None) -> bool:
        """Too many failures from one address, whatever the accounts tried (a guesser
        going through many usernames, or one password against many)."""
        if not ip:
            return False
        recent = cls.objects.within_window().filter(ip=ip)
        return recent.count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
