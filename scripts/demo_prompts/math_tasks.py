"""Grade-school word problems from the project's own templates; each returns (question, answer)."""
from fractions import Fraction

NAMES = ["Maya", "Tomas", "Priya", "Jonah", "Lena", "Kofi", "Ines", "Ravi", "Sofia", "Emeka",
         "Hana", "Diego", "Yara", "Oskar", "Mei", "Arjun", "Nadia", "Felix", "Zara", "Luca"]


def fmt(x):
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def stationery(r, name):
    a, p, b, q = r.randint(2, 9), r.randint(2, 6), r.randint(3, 12), r.randint(1, 3)
    total = a * p + b * q
    bill = next(x for x in (20, 50, 100) if x > total)
    return (f"{name} buys {a} notebooks that cost ${p} each and {b} pens that cost ${q} each. "
            f"{name} pays with a ${bill} bill. How many dollars of change should {name} get back?", bill - total)


def sale(r, name):
    price, pct = r.choice(range(40, 400, 20)), r.choice([10, 15, 20, 25, 30, 40, 50])
    item = r.choice(["winter coat", "bicycle helmet", "desk lamp", "pair of boots", "backpack"])
    return (f"A {item} normally costs ${price}. This week the shop takes {pct}% off the price. "
            f"How many dollars does {name} pay for it this week?", Fraction(price * (100 - pct), 100))


def muffins(r, name):
    den = r.choice([3, 4, 5, 6])
    num = r.randint(1, den - 1)
    n = den * r.randint(6, 15)
    left = n - n * num // den
    m = r.randint(1, left - 1)
    return (f"{name} bakes {n} muffins for a school fair. By lunchtime {num}/{den} of them are sold, and "
            f"{m} more are sold in the afternoon. How many muffins does {name} take home?", left - m)


def train(r, name):
    s1, h1, s2, h2 = r.choice(range(40, 130, 5)), r.randint(2, 5), r.choice(range(30, 100, 5)), r.randint(1, 4)
    return (f"A freight train runs at {s1} kilometers per hour for {h1} hours, then slows to {s2} kilometers "
            f"per hour for another {h2} hours. How many kilometers does it cover altogether?", s1 * h1 + s2 * h2)


def savings(r, name):
    a, w = r.randint(5, 30), r.randint(6, 20)
    b = r.randint(20, a * w - 5)
    thing = r.choice(["a skateboard", "a guitar", "a tent", "a chess set", "headphones"])
    return (f"{name} puts ${a} into a jar every week. After {w} weeks, {name} takes out ${b} to buy {thing}. "
            f"How many dollars are still in the jar?", a * w - b)


def ratio(r, name):
    a, b = r.randint(1, 5), r.randint(1, 5)
    while a == b:
        b = r.randint(1, 5)
    total = (a + b) * r.randint(3, 9)
    return (f"A chess club has {total} members, and the ratio of adults to children in it is {a}:{b}. "
            f"How many children belong to the club?", total * b // (a + b))


def quiz(r, name):
    avg = r.randint(70, 90)
    scores = [r.randint(avg - 12, min(100, avg + 12)) for _ in range(3)]
    need = 4 * avg - sum(scores)
    if not 0 <= need <= 100:
        scores = [avg, avg, avg]
        need = avg
    return (f"{name} scored {scores[0]}, {scores[1]} and {scores[2]} points on three spelling tests. What score does "
            f"{name} need on the fourth test so that the average of all four is exactly {avg}?", need)


def fence(r, name):
    l, w, c = r.randint(6, 30), r.randint(4, 20), r.randint(3, 12)
    return (f"A rectangular vegetable patch is {l} meters long and {w} meters wide. Fencing costs ${c} per meter. "
            f"How many dollars will it cost {name} to fence the whole patch?", 2 * (l + w) * c)


def growth(r, name):
    p, pct = 100 * r.randint(12, 90), r.choice([2, 3, 4, 5, 6, 8, 10, 12])
    return (f"A village had {p} residents last year. Since then the number of residents has grown by {pct}%. "
            f"How many residents does the village have now?", Fraction(p * (100 + pct), 100))


def dinner(r, name):
    n = r.randint(3, 8)
    share, tip = r.randint(12, 40), r.randint(1, 6)
    return (f"{n} friends go out for dinner. The bill is ${n * share}, and they add a tip of ${n * tip}. They split "
            f"the bill and the tip evenly. How many dollars does each friend pay?", share + tip)


def reading(r, name):
    per, total = r.randint(8, 35), r.randint(120, 480)
    done = r.randint(10, total // 2)
    days = -(-(total - done) // per)
    return (f"{name} is reading a {total}-page novel and has already read {done} pages. From now on {name} reads "
            f"{per} pages a day. How many more days will it take to finish the book?", days)


def flour(r, name):
    g, kg = r.choice([150, 200, 250, 300, 350, 400]), r.randint(2, 6)
    return (f"One batch of bread dough needs {g} grams of flour. {name} has {kg} kilograms of flour. "
            f"How many complete batches can {name} make?", kg * 1000 // g)


def tank(r, name):
    b = r.choice([2, 3, 4, 5, 8])
    a = r.randint(1, b - 1)
    cap = b * r.randint(10, 40)
    u = r.randint(1, cap * a // b - 1)
    return (f"A rain barrel holds {cap} liters when full. Right now it is {a}/{b} full. {name} uses {u} liters to "
            f"water the garden. How many liters are left in the barrel?", cap * a // b - u)


def tickets(r, name):
    ad, ch, na, nc, park = r.randint(9, 20), r.randint(4, 8), r.randint(1, 3), r.randint(1, 5), r.randint(5, 15)
    return (f"At the aquarium an adult ticket costs ${ad} and a child ticket costs ${ch}. {name}'s family buys "
            f"{na} adult and {nc} child tickets and pays ${park} for parking. How many dollars do they spend?",
            na * ad + nc * ch + park)


def percent_right(r, name):
    t = r.choice([20, 25, 40, 50])
    c = r.randint(t // 2, t)
    return (f"On a geography quiz with {t} questions, {name} answered {c} questions correctly. "
            f"What percentage of the questions did {name} get right?", Fraction(100 * c, t))


def laps(r, name):
    lap, goal = r.choice([200, 250, 500]), r.randint(3, 12)
    done = r.randint(1, goal * 1000 // lap - 1)
    return (f"{name} is training for a {goal}-kilometer run on a track where one lap is {lap} meters. "
            f"{name} has already run {done} laps today. How many more laps make up the {goal} kilometers?",
            goal * 1000 // lap - done)


TEMPLATES = [stationery, sale, muffins, train, savings, ratio, quiz, fence, growth, dinner, reading, flour,
             tank, tickets, percent_right, laps]


def math_problems(rng, count):
    """`count` distinct problems, cycling through the templates."""
    out, seen = [], set()
    k = 0
    while len(out) < count:
        question, answer = TEMPLATES[k % len(TEMPLATES)](rng, rng.choice(NAMES))
        k += 1
        if question not in seen:
            seen.add(question)
            out.append((question, fmt(answer)))
    return out
