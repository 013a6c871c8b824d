from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from gongkai import edge

from .models import LoginFailure


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing a username after too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。",
        "locked": "登录失败次数过多，该账户已暂时锁定，请 %(minutes)s 分钟后再试。",
        "address_locked": "该地址登录失败次数过多，已暂时停止登录，请 %(minutes)s 分钟后再试。",
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        ip = edge.client_ip(self.request)
        if LoginFailure.is_address_locked(ip):
            raise forms.ValidationError(
                self.error_messages["address_locked"],
                code="address_locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        if username:
            # Counted and recorded (as a failure until the password proves right) in one
            # serialized step: racing attempts cannot all pass the same count.
            with edge.serialized(f"login:{username.lower()}"):
                if LoginFailure.is_locked(username):
                    raise forms.ValidationError(
                        self.error_messages["locked"],
                        code="locked",
                        params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                    )
                LoginFailure.objects.create(username=username[:150], ip=ip)
        cleaned = super().clean()
        LoginFailure.objects.filter(username__iexact=username).delete()
        return cleaned
