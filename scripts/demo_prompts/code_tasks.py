"""Small Python function tasks written for the demo: a description, a reference solution, a wrong
solution (a plausible mistake) and test inputs. The tests are a HumanEval-style `check(candidate)`
(what FuseChat's code verifier runs when a prompt names its entry point) whose expected values come
from the reference; make-demo-prompts.py then runs both solutions against the written tests."""


def T(name, args, desc, ref, wrong, calls):
    return {"name": name, "args": args, "desc": desc, "ref": ref, "wrong": wrong, "calls": calls}


def families():
    out = []
    for k in (3, 4, 7):
        out.append(T(f"sum_multiples_of_{k}", "limit",
                     f"returns the sum of all positive integers strictly smaller than `limit` that are divisible by {k}",
                     f"    return sum(i for i in range(1, limit) if i % {k} == 0)",
                     f"    return sum(i for i in range(1, limit + 1) if i % {k} == 0)",
                     ["1", f"{k}", f"{k + 1}", f"{10 * k}", "100", "0"]))
    for kind, test, bad in (("vowels (a, e, i, o, u, upper or lower case)", "c.lower() in 'aeiou'", "c in 'aeiou'"),
                            ("decimal digits", "c.isdigit()", "c in '12345678'"),
                            ("uppercase letters", "c.isupper()", "c.isupper() and c != 'Z'")):
        name = "count_" + kind.split()[0] if "decimal" not in kind else "count_digits"
        out.append(T(name, "text", f"returns how many characters of the string `text` are {kind}",
                     f"    return sum(1 for c in text if {test})", f"    return sum(1 for c in text if {bad})",
                     ["''", "'Hello World'", "'AEIOU aeiou xyz'", "'Room 9, floor 10, ZONE B'", "'Zebra 2024'"]))
    for p in (2, 3):
        word = {2: "squares", 3: "cubes"}[p]
        out.append(T(f"sum_of_{word}", "n", f"returns 1**{p} + 2**{p} + ... + n**{p}, or 0 when n is less than 1",
                     f"    return sum(i ** {p} for i in range(1, n + 1))",
                     f"    return sum(i ** {p} for i in range(n))", ["0", "1", "3", "10", "-4"]))
    out.append(T("clamp_all", "values, low, high",
                 "returns a new list where every number of `values` below `low` becomes `low` and every number above `high` becomes `high`",
                 "    return [min(max(v, low), high) for v in values]", "    return [max(v, low) for v in values]",
                 ["[], 0, 1", "[1, 5, 10], 2, 8", "[-3, 0, 3], -1, 1", "[4, 4], 4, 4"]))
    out.append(T("run_length", "text",
                 "compresses runs of the same character: 'aaabcc' becomes 'a3b1c2'; the empty string stays empty",
                 "    out = []\n    i = 0\n    while i < len(text):\n        j = i\n        while j < len(text) and text[j] == text[i]:\n            j += 1\n        out.append(text[i] + str(j - i))\n        i = j\n    return ''.join(out)",
                 "    out = []\n    i = 0\n    while i < len(text) - 1:\n        j = i\n        while j < len(text) and text[j] == text[i]:\n            j += 1\n        out.append(text[i] + str(j - i))\n        i = j\n    return ''.join(out)",
                 ["''", "'a'", "'aaabcc'", "'abcd'", "'zzzzzzzzzzzz'"]))
    out.append(T("second_largest", "numbers",
                 "returns the second largest distinct value in the list `numbers`, or None when there are fewer than two distinct values",
                 "    distinct = sorted(set(numbers))\n    return distinct[-2] if len(distinct) >= 2 else None",
                 "    s = sorted(numbers)\n    return s[-2] if len(s) >= 2 else None",
                 ["[]", "[5]", "[5, 5]", "[1, 9, 9, 4]", "[-2, -7, -2]"]))
    for direction, ref, bad in (("left", "items[k:] + items[:k]", "items[k:] + items[:k - 1]"),
                                ("right", "items[-k:] + items[:-k]", "items[k:] + items[:k]")):
        out.append(T(f"rotate_{direction}", "items, k",
                     f"returns the list `items` rotated {direction} by `k` positions (k may exceed the length; an empty list stays empty)",
                     f"    if not items:\n        return []\n    k %= len(items)\n    if k == 0:\n        return list(items)\n    return {ref}",
                     f"    if not items:\n        return []\n    k %= len(items)\n    if k == 0:\n        return list(items)\n    return {bad}",
                     ["[], 3", "[1, 2, 3, 4, 5], 2", "[1, 2, 3], 3", "['a', 'b', 'c'], 4"]))
    out.append(T("is_letter_palindrome", "text",
                 "returns True when the letters of `text`, ignoring case and every non-letter character, read the same forwards and backwards",
                 "    s = [c.lower() for c in text if c.isalpha()]\n    return s == s[::-1]",
                 "    s = [c for c in text if c.isalpha()]\n    return s == s[::-1]",
                 ["''", "'Step on no pets'", "'Never odd or even!'", "'Python'", "'ab'"]))
    out.append(T("word_lengths", "sentence", "returns the list of the lengths of the words of `sentence` (words are separated by whitespace)",
                 "    return [len(w) for w in sentence.split()]", "    return [len(w) for w in sentence.split(' ')]",
                 ["''", "'one two three'", "'  spaced   out  '", "'a\\tb'"]))
    out.append(T("title_words", "sentence",
                 "returns `sentence` with the first letter of every space-separated word in uppercase and the rest in lowercase, keeping the single spaces",
                 "    return ' '.join(w[:1].upper() + w[1:].lower() for w in sentence.split(' '))",
                 "    return ' '.join(w[:1].upper() + w[1:] for w in sentence.split(' '))",
                 ["''", "'hello world'", "'mIxEd CaSe words'", "'a b c'"]))
    out.append(T("flatten_once", "nested", "takes a list of lists and returns one list with their elements in order",
                 "    return [x for part in nested for x in part]", "    return [part[0] for part in nested if part]",
                 ["[]", "[[1, 2], [3]]", "[[], [4, 5, 6], []]", "[['a'], ['b', 'c']]"]))
    for what, ref, bad in (("running sums", "total += x\n        out.append(total)", "out.append(total)\n        total += x"),
                           ("running maximums", "total = x if not out else max(total, x)\n        out.append(total)",
                            "total = x\n        out.append(total)")):
        name = "running_" + what.split()[1][:-1]
        out.append(T(name, "numbers", f"returns the list of {what} of `numbers` (element i is computed over numbers[0..i])",
                     f"    out = []\n    total = 0\n    for x in numbers:\n        {ref}\n    return out",
                     f"    out = []\n    total = 0\n    for x in numbers:\n        {bad}\n    return out",
                     ["[]", "[3]", "[1, 2, 3, 4]", "[5, -2, 7, 1]", "[-4, -1, -9]"]))
    for n in (3, 5):
        out.append(T(f"words_longer_than_{n}", "text", f"returns how many words of `text` (split on whitespace) have more than {n} characters",
                     f"    return sum(1 for w in text.split() if len(w) > {n})",
                     f"    return sum(1 for w in text.split() if len(w) >= {n})",
                     ["''", "'the cat sat'", "'extraordinary tiny elephants roam'", "'abcde abcdef abc'"]))
    out.append(T("merge_sorted", "a, b", "merges two ascending lists into one ascending list without calling sort or sorted",
                 "    i = j = 0\n    out = []\n    while i < len(a) and j < len(b):\n        if a[i] <= b[j]:\n            out.append(a[i]); i += 1\n        else:\n            out.append(b[j]); j += 1\n    return out + a[i:] + b[j:]",
                 "    i = j = 0\n    out = []\n    while i < len(a) and j < len(b):\n        if a[i] <= b[j]:\n            out.append(a[i]); i += 1\n        else:\n            out.append(b[j]); j += 1\n    return out + a[i:]",
                 ["[], []", "[1, 4, 9], [2, 3, 10]", "[], [1, 2]", "[5, 5], [5]"]))
    for size_word, size in (("size", None), ("three", 3)):
        if size is None:
            out.append(T("split_into_chunks", "items, size",
                         "splits `items` into consecutive lists of length `size` (the last one may be shorter)",
                         "    return [items[i:i + size] for i in range(0, len(items), size)]",
                         "    return [items[i:i + size] for i in range(0, len(items) - size + 1, size)]",
                         ["[], 2", "[1, 2, 3, 4, 5], 2", "[1, 2, 3], 3", "list(range(7)), 4"]))
        else:
            out.append(T("triples", "items", "groups `items` into consecutive tuples of three, dropping a last incomplete group",
                         "    return [tuple(items[i:i + 3]) for i in range(0, len(items) - 2, 3)]",
                         "    return [tuple(items[i:i + 3]) for i in range(0, len(items), 3)]",
                         ["[]", "[1, 2, 3, 4, 5, 6]", "[1, 2, 3, 4]", "list('abcdefgh')"]))
    out.append(T("digit_sum", "n", "returns the sum of the decimal digits of the integer `n` (the sign is ignored)",
                 "    return sum(int(c) for c in str(abs(n)))", "    return sum(int(c) for c in str(n) if c != '0') - (n < 0)",
                 ["0", "7", "1234", "-509", "1000000"]))
    out.append(T("digital_root", "n", "repeatedly sums the decimal digits of the non-negative integer `n` until one digit remains, and returns it",
                 "    while n >= 10:\n        n = sum(int(c) for c in str(n))\n    return n",
                 "    return sum(int(c) for c in str(n))", ["0", "9", "38", "99999", "123456789"]))
    out.append(T("gcd_of_list", "numbers", "returns the greatest common divisor of a non-empty list of positive integers, without importing math",
                 "    def g(a, b):\n        while b:\n            a, b = b, a % b\n        return a\n    result = numbers[0]\n    for x in numbers[1:]:\n        result = g(result, x)\n    return result",
                 "    return min(numbers)", ["[12]", "[12, 18]", "[7, 13]", "[40, 60, 100]", "[9, 6, 15]"]))
    for a, b, wa, wb in ((4, 6, "Ping", "Pong"), (3, 7, "Tick", "Tock"), (2, 5, "Zip", "Zap")):
        out.append(T(f"{wa.lower()}_{wb.lower()}", "n",
                     f"returns a list of strings for the numbers 1 to n: '{wa}{wb}' for multiples of both {a} and {b}, '{wa}' for multiples of {a}, '{wb}' for multiples of {b}, and the number itself as a string otherwise",
                     f"    out = []\n    for i in range(1, n + 1):\n        s = ('{wa}' if i % {a} == 0 else '') + ('{wb}' if i % {b} == 0 else '')\n        out.append(s or str(i))\n    return out",
                     f"    out = []\n    for i in range(1, n + 1):\n        s = '{wa}' if i % {a} == 0 else ('{wb}' if i % {b} == 0 else '')\n        out.append(s or str(i))\n    return out",
                     ["0", "5", f"{a * b}", "30"]))
    out.append(T("to_fahrenheit", "celsius", "converts a temperature in degrees Celsius to Fahrenheit, rounded to one decimal place",
                 "    return round(celsius * 9 / 5 + 32, 1)", "    return round(celsius * 5 / 9 + 32, 1)",
                 ["0", "100", "-40", "36.6", "21"]))
    out.append(T("count_pairs_with_sum", "numbers, target",
                 "returns how many index pairs i < j have numbers[i] + numbers[j] == target",
                 "    return sum(1 for i in range(len(numbers)) for j in range(i + 1, len(numbers)) if numbers[i] + numbers[j] == target)",
                 "    return sum(1 for i in range(len(numbers)) for j in range(len(numbers)) if i != j and numbers[i] + numbers[j] == target)",
                 ["[], 3", "[1, 2, 3, 4], 5", "[2, 2, 2], 4", "[0, -1, 1, 5], 0"]))
    out.append(T("unique_in_order", "items", "returns the items of `items` without repeats, each kept at its first position",
                 "    seen = set()\n    out = []\n    for x in items:\n        if x not in seen:\n            seen.add(x)\n            out.append(x)\n    return out",
                 "    return sorted(set(items))", ["[]", "[3, 1, 3, 2, 1]", "['b', 'a', 'b']", "[5, 5, 5]"]))
    out.append(T("most_frequent_char", "text",
                 "returns the character that occurs most often in the non-empty string `text`; on a tie, the one that appears first",
                 "    best = text[0]\n    for c in text:\n        if text.count(c) > text.count(best):\n            best = c\n    return best",
                 "    return max(sorted(set(text)), key=text.count)", ["'a'", "'banana'", "'abcabc'", "'zzyy'", "'mississippi'"]))
    out.append(T("invert_mapping", "mapping", "returns a new dictionary mapping each value of `mapping` to its key (the values are unique)",
                 "    return {v: k for k, v in mapping.items()}", "    return {k: v for k, v in mapping.items()}",
                 ["{}", "{'a': 1, 'b': 2}", "{1: 'x'}"]))
    out.append(T("snake_to_camel", "name", "converts a snake_case identifier such as 'max_line_width' to lower camelCase ('maxLineWidth')",
                 "    parts = name.split('_')\n    return parts[0] + ''.join(p.capitalize() for p in parts[1:])",
                 "    return ''.join(p.capitalize() for p in name.split('_'))",
                 ["'word'", "'max_line_width'", "'a_b_c'", "'http_status_code'"]))
    out.append(T("camel_to_snake", "name", "converts a lower camelCase identifier such as 'maxLineWidth' to snake_case ('max_line_width')",
                 "    return ''.join('_' + c.lower() if c.isupper() else c for c in name)",
                 "    return ''.join('_' + c if c.isupper() else c for c in name)",
                 ["'word'", "'maxLineWidth'", "'aBC'", "'httpStatusCode'"]))
    out.append(T("binary_digits", "n", "returns the binary representation of the non-negative integer `n` as a string of 0s and 1s, without using bin() or format()",
                 "    if n == 0:\n        return '0'\n    s = ''\n    while n:\n        s = str(n % 2) + s\n        n //= 2\n    return s",
                 "    s = ''\n    while n:\n        s += str(n % 2)\n        n //= 2\n    return s or '0'", ["0", "1", "6", "37", "1024"]))
    out.append(T("is_leap_year", "year", "returns True when `year` is a leap year in the Gregorian calendar",
                 "    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)", "    return year % 4 == 0",
                 ["2024", "1900", "2000", "2023", "2100"]))
    out.append(T("triangle_kind", "a, b, c",
                 "returns 'equilateral', 'isosceles' or 'scalene' for a triangle with side lengths a, b, c, or 'invalid' when the sides cannot form a triangle (any side >= the sum of the other two)",
                 "    if a >= b + c or b >= a + c or c >= a + b:\n        return 'invalid'\n    if a == b == c:\n        return 'equilateral'\n    if a == b or b == c or a == c:\n        return 'isosceles'\n    return 'scalene'",
                 "    if a == b == c:\n        return 'equilateral'\n    if a == b or b == c:\n        return 'isosceles'\n    return 'scalene'",
                 ["3, 3, 3", "3, 4, 3", "3, 4, 5", "1, 2, 3", "5, 1, 1"]))
    out.append(T("collatz_steps", "n", "returns how many steps the Collatz rule (halve an even number, replace an odd one by 3n+1) takes to bring the positive integer `n` down to 1",
                 "    steps = 0\n    while n != 1:\n        n = n // 2 if n % 2 == 0 else 3 * n + 1\n        steps += 1\n    return steps",
                 "    steps = 0\n    while n > 2:\n        n = n // 2 if n % 2 == 0 else 3 * n + 1\n        steps += 1\n    return steps", ["1", "2", "6", "27", "97"]))
    out.append(T("overlap_length", "a_start, a_end, b_start, b_end",
                 "returns the length of the overlap of the intervals [a_start, a_end] and [b_start, b_end] on the number line (0 when they do not overlap)",
                 "    return max(0, min(a_end, b_end) - max(a_start, b_start))", "    return min(a_end, b_end) - max(a_start, b_start)",
                 ["0, 5, 3, 10", "0, 2, 4, 6", "1, 9, 2, 3", "0, 4, 4, 8"]))
    out.append(T("median", "numbers", "returns the median of a non-empty list of numbers (the mean of the two middle values for an even count)",
                 "    s = sorted(numbers)\n    m = len(s) // 2\n    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2",
                 "    s = sorted(numbers)\n    return s[len(s) // 2]", ["[5]", "[3, 1, 2]", "[4, 1, 3, 2]", "[10, -10]", "[7, 7, 1, 9, 3]"]))
    for shift in (1, 3, 13):
        out.append(T(f"shift_letters_{shift}", "text",
                     f"shifts every ASCII letter of `text` {shift} places forward in the alphabet, wrapping from z to a and keeping case; other characters are unchanged",
                     f"    out = []\n    for c in text:\n        if 'a' <= c <= 'z':\n            out.append(chr((ord(c) - 97 + {shift}) % 26 + 97))\n        elif 'A' <= c <= 'Z':\n            out.append(chr((ord(c) - 65 + {shift}) % 26 + 65))\n        else:\n            out.append(c)\n    return ''.join(out)",
                     f"    return ''.join(chr(ord(c) + {shift}) if c.isalpha() else c for c in text)",
                     ["''", "'abc'", "'xyz XYZ'", "'Hello, World!'"]))
    out.append(T("transpose", "matrix", "returns the transpose of a rectangular matrix given as a list of equal-length rows",
                 "    return [list(col) for col in zip(*matrix)]", "    return [row[:] for row in matrix]",
                 ["[[1, 2], [3, 4]]", "[[1, 2, 3]]", "[[1], [2], [3]]"]))
    out.append(T("brackets_balanced", "text", "returns True when the brackets (), [] and {} in `text` are balanced and properly nested; other characters are ignored",
                 "    pairs = {')': '(', ']': '[', '}': '{'}\n    stack = []\n    for c in text:\n        if c in '([{':\n            stack.append(c)\n        elif c in pairs:\n            if not stack or stack.pop() != pairs[c]:\n                return False\n    return not stack",
                 "    return all(text.count(o) == text.count(c) for o, c in ('()', '[]', '{}'))",
                 ["''", "'(a[b]{c})'", "'(]'", "'([)]'", "'((('", "'x = {1: [2]}'"]))
    out.append(T("interleave", "a, b", "returns a list taking elements alternately from `a` and `b`, starting with `a`; leftovers of the longer list go at the end",
                 "    out = []\n    for i in range(max(len(a), len(b))):\n        if i < len(a):\n            out.append(a[i])\n        if i < len(b):\n            out.append(b[i])\n    return out",
                 "    return [x for pair in zip(a, b) for x in pair]", ["[], []", "[1, 3], [2, 4]", "[1], [2, 3, 4]", "['a', 'b', 'c'], ['x']"]))
    for keep in (4, 2):
        out.append(T(f"mask_all_but_last_{keep}", "text", f"replaces every character of `text` except the last {keep} with '#'",
                     f"    return '#' * max(0, len(text) - {keep}) + text[-{keep}:]",
                     f"    return text[:{keep}] + '#' * max(0, len(text) - {keep})",
                     ["''", "'1'", "'12345678'", "'abcdef'"]))
    out.append(T("remove_vowels", "text", "returns `text` without its vowels (a, e, i, o, u in either case)",
                 "    return ''.join(c for c in text if c.lower() not in 'aeiou')", "    return ''.join(c for c in text if c not in 'aeiou')",
                 ["''", "'banana'", "'AEIOUxyz'", "'Quiet Evening'"]))
    out.append(T("squeeze_spaces", "text", "replaces every run of spaces in `text` by one space and removes leading and trailing spaces",
                 "    return ' '.join(p for p in text.split(' ') if p)", "    return text.replace('  ', ' ').strip()",
                 ["''", "'a  b'", "'   lots    of     space   '", "'x'"]))
    out.append(T("pascal_row", "n", "returns row `n` of Pascal's triangle as a list (row 0 is [1], row 1 is [1, 1])",
                 "    row = [1]\n    for _ in range(n):\n        row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]\n    return row",
                 "    row = [1]\n    for _ in range(n - 1):\n        row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]\n    return row",
                 ["0", "1", "4", "7"]))
    out.append(T("index_of_max", "numbers", "returns the index of the largest value in the non-empty list `numbers` (the first such index on a tie)",
                 "    best = 0\n    for i, x in enumerate(numbers):\n        if x > numbers[best]:\n            best = i\n    return best",
                 "    best = 0\n    for i, x in enumerate(numbers):\n        if x >= numbers[best]:\n            best = i\n    return best",
                 ["[4]", "[1, 9, 3]", "[7, 7, 2]", "[-5, -1, -1]"]))
    out.append(T("length_histogram", "words", "returns a dictionary mapping each word length to how many of the strings in `words` have that length",
                 "    out = {}\n    for w in words:\n        out[len(w)] = out.get(len(w), 0) + 1\n    return out",
                 "    return {len(w): 1 for w in words}", ["[]", "['a', 'bb', 'cc']", "['one', 'two', 'three', 'four']"]))
    out.append(T("is_prime", "n", "returns True when the integer `n` is a prime number",
                 "    if n < 2:\n        return False\n    i = 2\n    while i * i <= n:\n        if n % i == 0:\n            return False\n        i += 1\n    return True",
                 "    return n > 1 and all(n % i for i in range(2, n // 2))", ["0", "1", "2", "4", "9", "97", "91"]))
    out.append(T("primes_below", "limit", "returns the list of all prime numbers smaller than `limit`, in increasing order",
                 "    sieve = [True] * max(limit, 2)\n    sieve[0] = sieve[1] = False\n    for i in range(2, int(limit ** 0.5) + 1):\n        if sieve[i]:\n            for j in range(i * i, limit, i):\n                sieve[j] = False\n    return [i for i in range(limit) if sieve[i]]",
                 "    return [n for n in range(2, limit) if n % 2 or n == 2]", ["0", "2", "3", "20", "50"]))
    out.append(T("count_words", "text", "returns a dictionary mapping each lowercase word of `text` (split on whitespace) to its number of occurrences",
                 "    out = {}\n    for w in text.lower().split():\n        out[w] = out.get(w, 0) + 1\n    return out",
                 "    out = {}\n    for w in text.split():\n        out[w] = out.get(w, 0) + 1\n    return out",
                 ["''", "'the cat and The dog'", "'a a a'", "'Red red RED blue'"]))
    out.append(T("nth_fibonacci", "n", "returns the n-th Fibonacci number, with F(0) = 0 and F(1) = 1",
                 "    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a",
                 "    a, b = 1, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a", ["0", "1", "2", "10", "25"]))
    out.append(T("reverse_words", "sentence", "returns `sentence` with the order of its whitespace-separated words reversed, joined by single spaces",
                 "    return ' '.join(reversed(sentence.split()))", "    return sentence[::-1]",
                 ["''", "'one'", "'one two three'", "'  keep   it simple '"]))
    out.append(T("char_positions", "text, char", "returns the list of indexes at which the character `char` occurs in `text`",
                 "    return [i for i, c in enumerate(text) if c == char]", "    return [text.index(char)] if char in text else []",
                 ["'', 'a'", "'banana', 'a'", "'xyz', 'q'", "'aaa', 'a'"]))
    out.append(T("product_except_self", "numbers",
                 "returns a list whose element i is the product of all elements of `numbers` except numbers[i]",
                 "    out = []\n    for i in range(len(numbers)):\n        p = 1\n        for j, x in enumerate(numbers):\n            if j != i:\n                p *= x\n        out.append(p)\n    return out",
                 "    total = 1\n    for x in numbers:\n        total *= x\n    return [total // x if x else 0 for x in numbers]",
                 ["[]", "[5]", "[1, 2, 3, 4]", "[2, 0, 3]", "[0, 0, 1]"]))
    out.append(T("anagrams", "a, b", "returns True when the strings `a` and `b` use the same letters the same number of times, ignoring case and spaces",
                 "    norm = lambda s: sorted(s.replace(' ', '').lower())\n    return norm(a) == norm(b)",
                 "    return set(a.replace(' ', '').lower()) == set(b.replace(' ', '').lower())",
                 ["'listen', 'silent'", "'Dormitory', 'dirty room'", "'aab', 'abb'", "'abc', 'abd'"]))
    out.append(T("minutes_to_clock", "minutes", "converts a number of minutes after midnight (0 to 1439) to a 24-hour 'HH:MM' string",
                 "    return f'{minutes // 60:02d}:{minutes % 60:02d}'", "    return f'{minutes // 60}:{minutes % 60}'",
                 ["0", "59", "61", "754", "1439"]))
    out.append(T("count_inversions", "numbers", "returns how many pairs of indexes i < j have numbers[i] > numbers[j]",
                 "    return sum(1 for i in range(len(numbers)) for j in range(i + 1, len(numbers)) if numbers[i] > numbers[j])",
                 "    return sum(1 for i in range(len(numbers) - 1) if numbers[i] > numbers[i + 1])",
                 ["[]", "[1, 2, 3]", "[3, 2, 1]", "[2, 4, 1, 3, 5]"]))
    out.append(T("longest_word", "sentence", "returns the longest whitespace-separated word of `sentence` (the first one on a tie), or '' for an empty sentence",
                 "    best = ''\n    for w in sentence.split():\n        if len(w) > len(best):\n            best = w\n    return best",
                 "    best = ''\n    for w in sentence.split():\n        if len(w) >= len(best):\n            best = w\n    return best",
                 ["''", "'a bb cc'", "'tiny enormous huge'", "'same size word'"]))
    out.append(T("sum_of_evens", "numbers", "returns the sum of the even numbers in `numbers`",
                 "    return sum(x for x in numbers if x % 2 == 0)", "    return sum(x for x in numbers[::2])",
                 ["[]", "[1, 2, 3, 4]", "[2, 2, 5, 7]", "[-4, 3, 6]"]))
    out.append(T("staircase", "n", "returns a list of n strings forming a right-aligned staircase of '#': for n = 3 it is ['  #', ' ##', '###']",
                 "    return [' ' * (n - i) + '#' * i for i in range(1, n + 1)]", "    return ['#' * i for i in range(1, n + 1)]",
                 ["0", "1", "3", "5"]))
    out.append(T("common_prefix", "words", "returns the longest common prefix of a list of strings ('' for an empty list)",
                 "    if not words:\n        return ''\n    prefix = words[0]\n    for w in words[1:]:\n        while not w.startswith(prefix):\n            prefix = prefix[:-1]\n    return prefix",
                 "    return words[0][:min(len(w) for w in words)] if words else ''",
                 ["[]", "['flow', 'flower', 'flight']", "['same', 'same']", "['abc', 'xyz']"]))
    out.append(T("digits_to_words", "n", "spells each decimal digit of the non-negative integer `n` as an English word, joined by '-' (405 becomes 'four-zero-five')",
                 "    names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']\n    return '-'.join(names[int(c)] for c in str(n))",
                 "    names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']\n    return '-'.join(names[int(c)] for c in str(n) if c != '0')",
                 ["0", "7", "405", "1200"]))
    out.append(T("count_between", "numbers, low, high", "returns how many values of `numbers` satisfy low <= value <= high",
                 "    return sum(1 for x in numbers if low <= x <= high)", "    return sum(1 for x in numbers if low < x < high)",
                 ["[], 0, 1", "[1, 2, 3, 4, 5], 2, 4", "[5, 5, 5], 5, 5", "[-3, 0, 3], -1, 1"]))
    out.append(T("matrix_trace", "matrix", "returns the sum of the main diagonal of a square matrix given as a list of rows",
                 "    return sum(matrix[i][i] for i in range(len(matrix)))", "    return sum(matrix[i][-i - 1] for i in range(len(matrix)))",
                 ["[[5]]", "[[1, 2], [3, 4]]", "[[1, 0, 0], [0, 2, 9], [7, 0, 3]]"]))
    out.append(T("to_roman", "n", "converts an integer from 1 to 3999 to a Roman numeral string",
                 "    table = [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'), (50, 'L'), (40, 'XL'), (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]\n    out = ''\n    for value, letters in table:\n        while n >= value:\n            out += letters\n            n -= value\n    return out",
                 "    table = [(1000, 'M'), (500, 'D'), (100, 'C'), (50, 'L'), (10, 'X'), (5, 'V'), (1, 'I')]\n    out = ''\n    for value, letters in table:\n        while n >= value:\n            out += letters\n            n -= value\n    return out",
                 ["1", "4", "9", "14", "1994", "3999"]))
    out.append(T("chunk_string", "text, width", "splits `text` into pieces of `width` characters (the last may be shorter) and returns them as a list",
                 "    return [text[i:i + width] for i in range(0, len(text), width)]", "    return text.split()",
                 ["'', 3", "'abcdefg', 3", "'abc', 5", "'aa bb', 2"]))
    out.append(T("swap_case_count", "text", "returns a tuple (lowercase letters, uppercase letters) counted in `text`",
                 "    return (sum(c.islower() for c in text), sum(c.isupper() for c in text))",
                 "    return (sum(c.isupper() for c in text), sum(c.islower() for c in text))",
                 ["''", "'Hello'", "'ABC def G'", "'123'"]))
    out.append(T("perfect_squares_up_to", "n", "returns the list of perfect squares from 1 up to and including n",
                 "    out = []\n    i = 1\n    while i * i <= n:\n        out.append(i * i)\n        i += 1\n    return out",
                 "    out = []\n    i = 1\n    while i * i < n:\n        out.append(i * i)\n        i += 1\n    return out",
                 ["0", "1", "16", "50"]))
    out.append(T("sum_nested", "items", "returns the sum of all integers in a list whose elements are integers or (possibly nested) lists of the same kind",
                 "    return sum(sum_nested(x) if isinstance(x, list) else x for x in items)",
                 "    return sum(x for x in items if not isinstance(x, list))",
                 ["[]", "[1, 2, 3]", "[1, [2, [3, 4]], 5]", "[[[]], [7]]"]))
    out.append(T("alternate_case", "text", "returns `text` with its letters alternating upper and lower case, starting with upper case; non-letters are kept and do not count",
                 "    out = []\n    upper = True\n    for c in text:\n        if c.isalpha():\n            out.append(c.upper() if upper else c.lower())\n            upper = not upper\n        else:\n            out.append(c)\n    return ''.join(out)",
                 "    return ''.join(c.upper() if i % 2 == 0 else c.lower() for i, c in enumerate(text))",
                 ["''", "'abcd'", "'hello world'", "'a1b2c3'"]))
    out.append(T("seconds_to_hms", "seconds", "converts a non-negative number of seconds to a tuple (hours, minutes, seconds)",
                 "    return (seconds // 3600, seconds % 3600 // 60, seconds % 60)", "    return (seconds // 3600, seconds // 60, seconds % 60)",
                 ["0", "59", "3600", "3725", "86399"]))
    out.append(T("list_difference", "a, b", "returns the elements of `a` that do not occur in `b`, keeping their order and repeats",
                 "    return [x for x in a if x not in b]", "    return list(set(a) - set(b))",
                 ["[], [1]", "[3, 1, 2, 3], [2]", "['b', 'a', 'c'], []", "[1, 1], [1]"]))
    out.append(T("kth_smallest", "numbers, k", "returns the k-th smallest element of `numbers` (k = 1 is the minimum), counting repeats",
                 "    return sorted(numbers)[k - 1]", "    return sorted(set(numbers))[k - 1]",
                 ["[5], 1", "[3, 1, 2], 2", "[4, 4, 1, 9], 3", "[7, -2, 0], 1"]))
    out.append(T("count_substring", "text, part", "returns how many times the non-empty string `part` occurs in `text`, counting overlapping occurrences",
                 "    return sum(1 for i in range(len(text) - len(part) + 1) if text[i:i + len(part)] == part)",
                 "    return text.count(part)", ["'', 'a'", "'aaaa', 'aa'", "'banana', 'ana'", "'abc', 'd'"]))
    out.append(T("average_word_length", "sentence", "returns the average length of the whitespace-separated words of `sentence`, rounded to two decimals (0.0 when there are none)",
                 "    words = sentence.split()\n    return round(sum(map(len, words)) / len(words), 2) if words else 0.0",
                 "    words = sentence.split(' ')\n    return round(len(sentence) / len(words), 2) if sentence else 0.0",
                 ["''", "'a bb ccc'", "'hello  world'", "'one'"]))
    out.append(T("group_by_first_letter", "words", "returns a dictionary mapping each first letter (lowercase) to the list of words of `words` starting with it, in their original order",
                 "    out = {}\n    for w in words:\n        out.setdefault(w[0].lower(), []).append(w)\n    return out",
                 "    out = {}\n    for w in words:\n        out[w[0].lower()] = [w]\n    return out",
                 ["[]", "['apple', 'avocado', 'banana']", "['Cat', 'cow', 'Dog']"]))
    out.append(T("count_consonants", "text", "returns how many ASCII letters of `text` are consonants (letters other than a, e, i, o, u, in either case)",
                 "    return sum(1 for c in text if c.isascii() and c.isalpha() and c.lower() not in 'aeiou')",
                 "    return sum(1 for c in text if c.lower() not in 'aeiou')", ["''", "'rhythm'", "'Apple Pie'", "'x-y-z 42'"]))
    out.append(T("cumulative_product", "numbers", "returns the list of running products of `numbers` (element i is numbers[0] * ... * numbers[i])",
                 "    out = []\n    p = 1\n    for x in numbers:\n        p *= x\n        out.append(p)\n    return out",
                 "    out = []\n    p = 1\n    for x in numbers:\n        out.append(p)\n        p *= x\n    return out", ["[]", "[2]", "[1, 2, 3, 4]", "[3, -1, 0, 5]"]))
    out.append(T("pad_left", "text, width, fill", "returns `text` padded on the left with the character `fill` up to `width` characters; longer text is returned unchanged",
                 "    return fill * max(0, width - len(text)) + text", "    return text + fill * max(0, width - len(text))",
                 ["'7', 3, '0'", "'abc', 2, '*'", "'', 4, '-'", "'ab', 5, ' '"]))
    out.append(T("even_odd_split", "numbers", "returns a tuple of two lists: the even numbers of `numbers` and the odd ones, each in their original order",
                 "    return ([x for x in numbers if x % 2 == 0], [x for x in numbers if x % 2])",
                 "    return ([x for x in numbers if x % 2], [x for x in numbers if x % 2 == 0])", ["[]", "[1, 2, 3, 4]", "[7, 9]", "[0, -3, 8]"]))
    out.append(T("distance_2d", "x1, y1, x2, y2", "returns the Euclidean distance between the points (x1, y1) and (x2, y2), rounded to three decimals",
                 "    return round(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 3)", "    return round(abs(x2 - x1) + abs(y2 - y1), 3)",
                 ["0, 0, 3, 4", "1, 1, 1, 1", "-2, 5, 4, -3", "0, 0, 1, 1"]))
    out.append(T("first_repeated", "items", "returns the first element of `items` that has already appeared earlier in the list, or None when no element repeats",
                 "    seen = set()\n    for x in items:\n        if x in seen:\n            return x\n        seen.add(x)\n    return None",
                 "    for x in items:\n        if items.count(x) > 1:\n            return x\n    return None", ["[]", "[1, 2, 3]", "[2, 5, 5, 2]", "['a', 'b', 'a']"]))
    out.append(T("bounding_box", "points", "takes a non-empty list of (x, y) tuples and returns (min_x, min_y, max_x, max_y)",
                 "    xs = [p[0] for p in points]\n    ys = [p[1] for p in points]\n    return (min(xs), min(ys), max(xs), max(ys))",
                 "    return (points[0][0], points[0][1], points[-1][0], points[-1][1])", ["[(1, 2)]", "[(0, 0), (3, -1), (2, 5)]", "[(-4, 2), (-1, -7)]"]))
    out.append(T("count_zeros_at_end", "n", "returns how many zero digits the decimal form of the positive integer `n` ends with",
                 "    count = 0\n    while n % 10 == 0:\n        n //= 10\n        count += 1\n    return count",
                 "    return str(n).count('0')", ["7", "10", "1200", "1002", "5000000"]))
    out.append(T("words_with_prefix", "words, prefix", "returns the words of the list `words` that start with `prefix`, ignoring case, in their original order",
                 "    return [w for w in words if w.lower().startswith(prefix.lower())]", "    return [w for w in words if w.startswith(prefix)]",
                 ["[], 'a'", "['Apple', 'apricot', 'banana'], 'ap'", "['tree', 'Trunk', 'leaf'], 'TR'"]))
    out.append(T("scale_to_unit", "numbers", "rescales `numbers` linearly so the smallest becomes 0.0 and the largest 1.0 (all 0.0 when they are all equal), rounding each to three decimals",
                 "    lo, hi = min(numbers), max(numbers)\n    if lo == hi:\n        return [0.0 for _ in numbers]\n    return [round((x - lo) / (hi - lo), 3) for x in numbers]",
                 "    hi = max(numbers)\n    return [round(x / hi, 3) for x in numbers]", ["[5, 5]", "[0, 5, 10]", "[2, 4, 3]", "[-1, 1]"]))
    out.append(T("nearest_multiple", "n, k", "returns the multiple of the positive integer `k` closest to `n`; on a tie, the larger one",
                 "    low = n // k * k\n    high = low + k\n    return high if high - n <= n - low else low",
                 "    return n // k * k", ["7, 5", "12, 5", "10, 4", "-3, 4", "20, 10"]))
    out.append(T("rle_decode", "pairs", "takes a list of (character, count) tuples and returns the string with each character repeated count times",
                 "    return ''.join(c * n for c, n in pairs)", "    return ''.join(c for c, n in pairs)", ["[]", "[('a', 3)]", "[('x', 1), ('y', 2), ('z', 0)]"]))
    out.append(T("max_consecutive_ones", "bits", "returns the length of the longest run of 1s in the list `bits` of 0s and 1s",
                 "    best = run = 0\n    for b in bits:\n        run = run + 1 if b == 1 else 0\n        best = max(best, run)\n    return best",
                 "    return bits.count(1)", ["[]", "[0, 0]", "[1, 1, 0, 1]", "[1, 0, 1, 1, 1, 0, 1, 1]"]))
    out.append(T("hex_to_rgb", "code", "converts a color code like '#1a2B3c' to a tuple of three integers (red, green, blue)",
                 "    code = code.lstrip('#')\n    return tuple(int(code[i:i + 2], 16) for i in (0, 2, 4))",
                 "    code = code.lstrip('#')\n    return tuple(int(code[i:i + 2]) if code[i:i + 2].isdigit() else 0 for i in (0, 2, 4))",
                 ["'#000000'", "'#ffffff'", "'#1a2B3c'", "'#102030'"]))
    out.append(T("weekday_name", "index", "returns the English name of the day for `index` 0 to 6, where 0 is 'Monday'; indexes wrap around modulo 7",
                 "    days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']\n    return days[index % 7]",
                 "    days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']\n    return days[index % 7]",
                 ["0", "4", "6", "7", "15"]))
    return out


def render(task):
    """The prompt, the assert tests, and the reference/wrong programs of one task."""
    ref = f"def {task['name']}({task['args']}):\n{task['ref']}\n"
    wrong = f"def {task['name']}({task['args']}):\n{task['wrong']}\n"
    scope = {}
    exec(ref, scope)
    lines = ["def check(candidate):"]
    for call in task["calls"]:
        expected = eval(f"{task['name']}({call})", scope)
        lines.append(f"    assert candidate({call}) == {expected!r}")
    prompt = (f"Write a Python function `{task['name']}({task['args']})` that {task['desc']}. "
              f"Return only the function in a Python code block.")
    return {"name": task["name"], "prompt": prompt, "tests": "\n".join(lines) + "\n", "reference": ref, "wrong": wrong}


def code_tasks(rng, count):
    tasks = [render(t) for t in families()]
    if len(tasks) < count:
        raise SystemExit(f"only {len(tasks)} code tasks defined, {count} wanted")
    rng.shuffle(tasks)
    return tasks[:count]
