"""The support chat: each message goes to the support team's inbox, a person answers."""
from fastapi import APIRouter

from .inbox import forward

router = APIRouter()


@router.post("/chat")
def chat(message: str):
    forward(message)
    return {"status": "a person will answer shortly"}
