"""Typical mistakes in notebook 01 (random agent), each a mutant of the reference."""

import functools

from autograder.mutants import edit

_edit = functools.partial(edit, notebook="01_random_agent")

ER, ERH = "01.episode_return", "01.episode_return.hidden"
DR, DRH = "01.discounted_return", "01.discounted_return.hidden"
RE, REH = "01.run_episode", "01.run_episode.hidden"
RP, RPH = "01.make_random_policy", "01.make_random_policy.hidden"

_SUM = "return float(sum(rewards))"
_STEP = "obs, reward, terminated, truncated, _ = env.step(policy(obs))"
_SAMPLE = "return action_space.sample()"

MUTANTS = (
    _edit("skips the first reward", "episode_return", {_SUM: "return float(sum(rewards[1:]))"},
          (ER, ERH)),
    _edit("sums absolute values", "episode_return",
          {_SUM: "return float(sum(abs(r) for r in rewards))"}, (ER, ERH)),
    _edit("averages instead of summing", "episode_return",
          {_SUM: "return float(np.mean(rewards)) if len(rewards) else 0.0"}, (ER, ERH)),
    _edit("discount exponent starts at 1", "discounted_return",
          {"    return g": "    return gamma * g"}, (DR, DRH)),
    _edit("discounts from the end of the episode", "discounted_return",
          {"reversed(list(rewards))": "list(rewards)"}, (DR, DRH)),
    _edit("multiplies by (1 - gamma)", "discounted_return",
          {"    return g": "    return (1 - gamma) * g"}, (DR, DRH)),
    _edit("forgets the discount", "discounted_return",
          {"g = float(reward) + gamma * g": "g = float(reward) + g"}, (DR, DRH)),
    _edit("loops until terminated only", "run_episode",
          {"while not (terminated or truncated):": "while not terminated:"}, (RE, REH)),
    _edit("gives the policy the first observation every step", "run_episode",
          {_STEP: "_, reward, terminated, truncated, _ = env.step(policy(obs))"}, (RE, REH)),
    _edit("ignores the seed", "run_episode", {"env.reset(seed=seed)": "env.reset()"}, (RE, REH)),
    _edit("drops the reward of the last step", "run_episode", {
        "    while not (terminated or truncated):\n"
        f"        {_STEP}\n"
        "        rewards.append(float(reward))\n":
        "    while True:\n"
        f"        {_STEP}\n"
        "        if terminated or truncated:\n"
        "            break\n"
        "        rewards.append(float(reward))\n"}, (RE, REH)),
    _edit("reports every ending as terminated", "run_episode",
          {"Episode(rewards, bool(terminated), bool(truncated))":
           "Episode(rewards, bool(terminated or truncated), False)"}, (RE, REH)),
    _edit("samples one action and keeps it", "make_random_policy",
          {f"    def policy(obs):\n        {_SAMPLE}":
           "    action = action_space.sample()\n\n    def policy(obs):\n        return action"},
          (RP, RPH)),
    _edit("np.random.randint(0, n - 1) never picks the last action", "make_random_policy",
          {_SAMPLE: "return np.random.randint(0, action_space.n - 1)"}, (RP, RPH)),
    _edit("unseeded numpy randomness", "make_random_policy",
          {_SAMPLE: "return int(np.random.randint(action_space.n))"}, (RP, RPH)),
)
