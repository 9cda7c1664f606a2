"""Product pictures and voice-overs for the shop."""
from fastapi import FastAPI
from openai import OpenAI

app = FastAPI()
client = OpenAI()


@app.post("/api/pictures")
def picture(description: str):
    result = client.images.generate(model="gpt-image-1", prompt=description, size="1024x1024")
    return {"image": result.data[0].b64_json}


@app.post("/api/voice-over")
def voice_over(text: str):
    speech = client.audio.speech.create(model="gpt-4o-mini-tts", voice="alloy", input=text)
    return speech.content


@app.post("/api/alt-text")
def alt_text(image_url: str):
    # Describing a picture reads an image; it generates none.
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": [{"type": "image_url", "image_url": {"url": image_url}}]}],
    )
    return {"alt": reply.choices[0].message.content}
