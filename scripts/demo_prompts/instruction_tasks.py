"""Open requests with one or two verifiable instructions (IFEval ids and kwargs that FuseScoring's
checkers implement); each is (prompt, instruction_id_list, kwargs, a reply that follows them)."""

TOPICS = [
    ("why the sky looks blue during the day", ["light", "scatter"]),
    ("how bees make honey", ["nectar", "hive"]),
    ("the water cycle", ["evaporation", "rain"]),
    ("how a bicycle stays upright", ["balance", "wheel"]),
    ("the benefits of learning a second language", ["memory", "culture"]),
    ("how to start a small vegetable garden", ["soil", "sunlight"]),
    ("why people keep diaries", ["memory", "habit"]),
    ("how volcanoes form", ["magma", "crust"]),
    ("the history of the printing press", ["books", "ink"]),
    ("how to prepare for a job interview", ["research", "questions"]),
    ("what makes a good neighbor", ["trust", "help"]),
    ("how recycling plastic works", ["sorting", "melt"]),
    ("why sleep matters for students", ["rest", "focus"]),
    ("how a rainbow appears", ["light", "droplets"]),
    ("the life of a lighthouse keeper", ["lamp", "storm"]),
    ("how to take care of a houseplant", ["water", "leaves"]),
    ("why cities plant trees along streets", ["shade", "air"]),
    ("the first day at a new school", ["friends", "nervous"]),
    ("how a compass works", ["magnet", "north"]),
    ("a rainy afternoon in a small town", ["puddles", "umbrella"]),
    ("the joys of baking bread at home", ["dough", "oven"]),
    ("how to save money on groceries", ["list", "budget"]),
    ("why the moon has phases", ["orbit", "shadow"]),
    ("a walk through an autumn forest", ["leaves", "wind"]),
    ("how to organize a community cleanup", ["volunteers", "bags"]),
    ("the importance of clean drinking water", ["health", "wells"]),
    ("how trains changed travel", ["railway", "speed"]),
    ("what to pack for a weekend camping trip", ["tent", "flashlight"]),
    ("how to teach a child to tie shoelaces", ["loop", "patience"]),
    ("a quiet morning at the harbor", ["boats", "fog"]),
    ("why music helps people relax", ["rhythm", "mood"]),
    ("how solar panels produce electricity", ["sunlight", "cells"]),
    ("the role of a public library in a town", ["books", "community"]),
    ("how to write a thank-you note", ["gratitude", "specific"]),
    ("why exercise is good for the heart", ["blood", "muscle"]),
    ("a day in the life of a street cat", ["alley", "whiskers"]),
    ("how maps are made", ["survey", "scale"]),
    ("the pleasure of a long train journey", ["window", "landscape"]),
    ("how to plan a birthday picnic", ["blanket", "snacks"]),
    ("why some birds migrate", ["winter", "food"]),
]

# Requests that read naturally with a "how/why" subject, and with a scene ("a rainy afternoon...").
FACT_REQUESTS = [
    "Explain {t} to a curious ten-year-old.",
    "Write a short poem about {t}.",
    "Give me some practical tips or facts about {t}.",
    "Write a brief blog post on {t}.",
    "Summarize what a beginner should know about {t}.",
    "Write a friendly letter to a pen pal about {t}.",
]
SCENE_REQUESTS = [
    "Write a short poem about {t}.",
    "Describe {t} for a travel magazine.",
    "Write a short story about {t}.",
    "Write a friendly letter to a pen pal about {t}.",
]


def constraints(keywords, rng):
    """Candidate instructions for a topic: (tag, id, kwargs, sentence asking for it)."""
    n_words = rng.choice([60, 80, 100, 120, 150])
    n_bullets = rng.choice([3, 4, 5])
    n_sent = rng.choice([4, 5, 6, 8])
    n_high = rng.choice([1, 2, 3])
    ending = rng.choice(["Hope this helps.", "That is all for today.", "Thanks for reading.", "Any other questions?"])
    return [
        ("case", "change_case:english_lowercase", {}, "Use only lowercase letters throughout your answer; do not capitalize anything."),
        ("case", "change_case:english_capital", {}, "Write your whole answer in English using capital letters only."),
        ("comma", "punctuation:no_comma", {}, "Do not use a single comma anywhere in your reply."),
        ("title", "detectable_format:title", {}, "Begin with a title wrapped in double angle brackets, like <<my title>>."),
        ("length", "length_constraints:number_words", {"relation": "less than", "num_words": n_words},
         f"Keep the reply shorter than {n_words} words."),
        ("length", "length_constraints:number_words", {"relation": "at least", "num_words": n_words},
         f"The reply should run to {n_words} words or more."),
        ("length", "length_constraints:number_sentences", {"relation": "less than", "num_sentences": n_sent},
         f"Use fewer than {n_sent} sentences in total."),
        ("keywords", "keywords:existence", {"keywords": keywords},
         f"Make sure the words \"{keywords[0]}\" and \"{keywords[1]}\" both appear in your answer."),
        ("keywords", "keywords:forbidden_words", {"forbidden_words": ["very", "really"]},
         "Avoid the words \"very\" and \"really\"."),
        ("format", "detectable_format:number_bullet_lists", {"num_bullets": n_bullets},
         f"Format the answer as exactly {n_bullets} markdown bullet points starting with \"* \"."),
        ("format", "detectable_format:number_highlighted_sections", {"num_highlights": n_high},
         f"Highlight at least {n_high} part{'s' if n_high > 1 else ''} with markdown italics, *like this*."),
        ("end", "startend:end_checker", {"end_phrase": ending},
         f"Finish your reply with the exact phrase \"{ending}\" and write nothing after it."),
        ("end", "detectable_content:postscript", {"postscript_marker": "P.S."},
         "Close with a postscript that starts with P.S."),
    ]


def compatible(a, b):
    if a[0] == b[0]:
        return False
    ids = {a[1], b[1]}
    if "change_case:english_capital" in ids:
        return ids <= {"change_case:english_capital", "punctuation:no_comma", "length_constraints:number_words"}
    if "change_case:english_lowercase" in ids:
        return not ids & {"detectable_format:title", "detectable_content:postscript", "startend:end_checker"}
    return True


def example_response(keywords, ids, kwargs):
    """A reply that follows every chosen instruction (check-demo-prompts.py has FuseChat verify it),
    showing that each prompt's instructions can be met together."""
    args = dict(zip(ids, kwargs))
    body = [f"Here is a short note that mentions {keywords[0]} and {keywords[1]}.",
            "It keeps each idea plain and easy to follow.", "Small steps add up over time."]
    if "detectable_format:number_highlighted_sections" in args:
        body[1] = " ".join(["It keeps each idea"] + ["*plain and simple*"] * args["detectable_format:number_highlighted_sections"]["num_highlights"]) + "."
    if "length_constraints:number_words" in args and args["length_constraints:number_words"]["relation"] == "at least":
        while len(" ".join(body).split()) < args["length_constraints:number_words"]["num_words"] + 10:
            body.append("Practice a little each day and the results will follow.")
    if "detectable_format:number_bullet_lists" in args:
        n = args["detectable_format:number_bullet_lists"]["num_bullets"]
        text = "\n".join(f"* {keywords[i % 2]} idea number {i + 1}" for i in range(n)) + "\n\n" + " ".join(body)
    else:
        text = " ".join(body)
    if "detectable_format:title" in args:
        text = "<<A Short Note>>\n\n" + text
    if "detectable_content:postscript" in args:
        text += "\n\nP.S. Thank you for asking."
    if "startend:end_checker" in args:
        text += "\n\n" + args["startend:end_checker"]["end_phrase"]
    if "change_case:english_lowercase" in args:
        text = text.lower()
    if "change_case:english_capital" in args:
        text = text.upper()
    return text


def instruction_prompts(rng, count):
    out, seen = [], set()
    while len(out) < count:
        topic, keywords = rng.choice(TOPICS)
        scene = not topic.startswith(("how", "why", "what", "the "))
        request = rng.choice(SCENE_REQUESTS if scene else FACT_REQUESTS).format(t=topic)
        options = constraints(keywords, rng)
        chosen = [rng.choice(options)]
        if rng.random() < 0.6:
            second = [o for o in options if compatible(chosen[0], o)]
            chosen.append(rng.choice(second))
        prompt = " ".join([request] + [c[3] for c in chosen])
        if prompt in seen:
            continue
        seen.add(prompt)
        ids, kwargs = [c[1] for c in chosen], [c[2] for c in chosen]
        out.append((prompt, ids, kwargs, example_response(keywords, ids, kwargs)))
    return out
