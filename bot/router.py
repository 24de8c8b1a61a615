"""Which flow a new message belongs to. Flows register themselves by intent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext

from dialogs.main import Route

Classifier = Callable[[TurnContext], Awaitable[Route | None]]


def make_router(classifiers: list[Classifier]) -> Callable[[TurnContext], Awaitable[Route]]:
    """The first classifier with an answer wins; otherwise the main dialog answers itself."""

    async def route(context: TurnContext) -> Route:
        for classify in classifiers:
            found = await classify(context)
            if found is not None:
                return found
        return Route(intent="unknown")

    return route


def make_undo(hooks: list[Classifier]) -> Classifier:
    """What a cancel word with no question waiting undoes: the first flow that offers something (or None)."""

    async def undo(context: TurnContext) -> Route | None:
        for hook in hooks:
            found = await hook(context)
            if found is not None:
                return found
        return None

    return undo
