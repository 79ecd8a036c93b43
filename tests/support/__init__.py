"""What tests and benchmarks share: a throwaway database, a person onboarding through the
chat, and onboarded people written straight into a database.

It lives under tests/ rather than in bot/ because it is no part of the product, and is a
package of its own so that `bench/` can import it too: benchmarks run as `python -m bench`
from the repository root, where `tests` is importable.
"""
