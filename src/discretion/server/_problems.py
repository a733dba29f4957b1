"""Errors as ``application/problem+json`` (RFC 9457), and the request body size limit.

Every error a client can cause answers with a problem document: ``type``, ``title``, ``status``,
``detail`` and ``instance`` from the RFC, and as extension members the fields of
:class:`~discretion.DiscretionError` (``error``, ``file``, ``line``, ``item``, ``field``, ``hint``)
with the message in Chinese first (``message_zh``) and English (``message_en``). Malformed JSON is
400, an unknown item or path 404, an oversized body 413, bad facts or a bad request body 422.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import DiscretionError, UnknownItemError

PROBLEM = "application/problem+json"
_CJK_PARENS = re.compile(r"\s*[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]")
_TITLES = {
    400: ("请求不是合法的 JSON", "malformed JSON"),
    404: ("未找到", "not found"),
    405: ("不支持该请求方法", "method not allowed"),
    413: ("请求体过大", "request body too large"),
    422: ("请求内容有误", "unprocessable request"),
}
_ERROR_TITLES = {
    "FactError": ("案件事实有误", "bad facts"),
    "UnknownItemError": ("未找到该裁量事项", "unknown item"),
    "LevelGapError": ("没有适用的裁量阶次", "no level holds"),
    "CompetenceError": ("作出决定的机关无权决定该事项", "body not competent"),
    "LevelConflictError": ("裁量阶次重叠", "levels overlap"),
    "RuleSetError": ("规则文件有误", "bad rule file"),
    "RuleSetErrors": ("规则文件有误", "bad rule files"),
    "ServiceError": ("服务未配置该功能", "not configured"),
}


class ServiceError(DiscretionError):
    """A request the service cannot serve as configured (e.g. no review log was set at start)."""

    status = 404


def _split(message: str) -> tuple[str, str]:
    """The Chinese and the English wording of a message that carries both."""
    zh = "；".join(m.group(1) for m in _CJK_PARENS.finditer(message))
    en = _CJK_PARENS.sub("", message).strip()
    return zh, en


def problem(
    status: int,
    request: Request | None,
    detail: str,
    *,
    kind: str | None = None,
    titles: tuple[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem document with the RFC's members and the given extension members."""
    zh_title, en_title = titles or _TITLES.get(status, ("请求有误", "bad request"))
    body: dict[str, Any] = {
        "type": f"urn:discretion:problem:{kind or status}",
        "title": f"{zh_title} ({en_title})",
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.url.path
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def discretion_problem(request: Request | None, exc: DiscretionError) -> JSONResponse:
    """The problem document of a library error, with every field the error carries."""
    name = type(exc).__name__
    status = getattr(exc, "status", 404 if isinstance(exc, UnknownItemError) else 422)
    zh_title, en_title = _ERROR_TITLES.get(name, ("请求内容有误", "unprocessable request"))
    zh, en = _split(exc.message)
    return problem(
        status,
        request,
        str(exc),
        kind=_kebab(name),
        titles=(zh_title, en_title),
        **{
            **exc.to_dict(),
            "message_zh": f"{zh_title}：{zh or exc.message}",
            "message_en": f"{en_title}: {en}",
        },
    )


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def install(app: FastAPI) -> None:
    """Register the problem handlers on an app."""

    @app.exception_handler(DiscretionError)
    async def _library(request: Request, exc: DiscretionError) -> JSONResponse:
        return discretion_problem(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return problem(
                400,
                request,
                "the request body is not valid JSON (请求体不是合法的 JSON)",
                message_zh="请求体不是合法的 JSON",
                message_en="the request body is not valid JSON",
            )
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        text = first.get("msg", "invalid request")
        return problem(
            422,
            request,
            f"{where}: {text}" if where else str(text),
            error="RequestValidationError",
            field=where or None,
            message_zh=f"请求字段 {where} 有误" if where else "请求内容有误",
            message_en=f"{where}: {text}" if where else str(text),
            errors=[{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors],
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        zh, _en = _TITLES.get(exc.status_code, ("请求有误", "bad request"))
        return problem(
            exc.status_code, request, str(exc.detail), message_zh=zh, message_en=str(exc.detail)
        )


class BodyLimit:
    """ASGI middleware: refuse a request body over ``limit`` bytes with 413, before it is read.

    A declared ``Content-Length`` over the limit is refused at once; a chunked body is counted as
    it arrives and refused when it passes the limit, so no request can make the server buffer
    more than ``limit`` bytes.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        too_big = False
        refused = False

        async def counted() -> Message:
            # Past the limit the body is cut short (the app sees its end) and the answer, whatever
            # the app makes of the truncated body, is replaced by 413 in `watched`.
            nonlocal seen, too_big
            if too_big:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    too_big = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def watched(message: Message) -> None:
            nonlocal refused
            if not too_big:
                await send(message)
            elif not refused:
                refused = True
                await self._refuse(scope, receive, send)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            # Whatever the app made of a body cut short, the answer is 413; anything else
            # propagates as it would without this middleware.
            if not too_big:
                raise
            if not refused:
                refused = True
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the request body is over {self.limit} bytes (请求体超过 {self.limit} 字节)"
        response = problem(
            413,
            None,
            detail,
            instance=scope.get("path"),
            message_zh=f"请求体超过 {self.limit} 字节",
            message_en=f"the request body is over {self.limit} bytes",
        )
        await response(scope, receive, send)
