"""Tokens for programs: obtain one with a user name and password, revoke it with itself
(stored as digests, ended by a change of password, limited in age: ``api.tokens``).

Passwords are checked under the same lockout as the admin's log-in form
(``serving.lockout``): five wrong passwords for an account lock it for 15 minutes, from any
address, and one address has a ceiling of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from serving.clients import client_address
from serving.lockout import LOCKOUT_SECONDS, is_locked, record_failure, record_success

from ..errors import exception_handler, invalid
from ..throttling import AnonReadThrottle
from ..tokens import DigestTokenAuthentication, token_issue


class CredentialsSerializer(serializers.Serializer[dict[str, Any]]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class TokenSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField(
        help_text="Send it as 'Authorization: Token <token>' with every request"
    )


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"
    default_detail = (
        f"Too many wrong passwords for this account or from this address; try again in "
        f"{LOCKOUT_SECONDS // 60} minutes."
    )
    wait = LOCKOUT_SECONDS


class TokenView(APIView):
    """``POST`` a user name and password for the account's API token; ``DELETE`` (sending the
    token) revokes it. One token per account: obtaining a new one replaces the old."""

    authentication_classes = [DigestTokenAuthentication]
    throttle_classes = [AnonReadThrottle]

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return exception_handler

    @extend_schema(
        operation_id="auth_token_obtain",
        request=CredentialsSerializer,
        responses={200: TokenSerializer},
        auth=[],
        description="A new API token for the account (it replaces the account's previous "
        "token), for its user name and password. It stops working when revoked, when the "
        "account's password changes, or after API_TOKEN_DAYS days (90 by default).",
    )
    def post(self, request: Request) -> Response:
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        username = credentials.validated_data["username"]
        address = client_address(request)
        if is_locked(username=username, address=address):
            raise LockedOut
        user = authenticate(
            request=request._request,
            username=username,
            password=credentials.validated_data["password"],
        )
        if user is None:  # wrong, or an inactive account (which the backend refuses)
            record_failure(username=username, address=address)
            raise invalid("password", "invalid_credentials", "Wrong user name or password.")
        record_success(username=username)
        return Response({"token": token_issue(user=user)})

    @extend_schema(
        operation_id="auth_token_revoke",
        request=None,
        responses={204: OpenApiResponse(description="Revoked: the token no longer works")},
        description="Revoke the token sent with this request.",
    )
    def delete(self, request: Request) -> Response:
        if isinstance(request.auth, Token):
            Token.objects.filter(pk=request.auth.pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
