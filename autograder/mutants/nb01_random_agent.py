"""Typical mistakes in notebook 01 (random agent), each a mutant of the reference."""

from autograder.mutants import Mutant

ER, ERH = "01.episode_return", "01.episode_return.hidden"
DR, DRH = "01.discounted_return", "01.discounted_return.hidden"
RE, REH = "01.run_episode", "01.run_episode.hidden"
RP, RPH = "01.make_random_policy", "01.make_random_policy.hidden"

MUTANTS = (
    Mutant("skips the first reward", "episode_return", '''
def episode_return(rewards):
    return float(sum(rewards[1:]))
''', (ER, ERH)),
    Mutant("sums absolute values", "episode_return", '''
def episode_return(rewards):
    return float(sum(abs(r) for r in rewards))
''', (ER, ERH)),
    Mutant("averages instead of summing", "episode_return", '''
def episode_return(rewards):
    return float(np.mean(rewards)) if len(rewards) else 0.0
''', (ER, ERH)),
    Mutant("discount exponent starts at 1", "discounted_return", '''
def discounted_return(rewards, gamma):
    return float(sum(gamma ** (t + 1) * r for t, r in enumerate(rewards)))
''', (DR, DRH)),
    Mutant("discounts from the end of the episode", "discounted_return", '''
def discounted_return(rewards, gamma):
    n = len(rewards)
    return float(sum(gamma ** (n - 1 - t) * r for t, r in enumerate(rewards)))
''', (DR, DRH)),
    Mutant("multiplies by (1 - gamma)", "discounted_return", '''
def discounted_return(rewards, gamma):
    return float((1 - gamma) * sum(gamma ** t * r for t, r in enumerate(rewards)))
''', (DR, DRH)),
    Mutant("forgets the discount", "discounted_return", '''
def discounted_return(rewards, gamma):
    return float(sum(rewards))
''', (DR, DRH)),
    Mutant("loops until terminated only", "run_episode", '''
def run_episode(env, policy, seed):
    obs, _ = env.reset(seed=seed)
    rewards, terminated, truncated = [], False, False
    while not terminated:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(float(reward))
    return Episode(rewards, terminated, truncated)
''', (RE, REH)),
    Mutant("gives the policy the first observation every step", "run_episode", '''
def run_episode(env, policy, seed):
    obs, _ = env.reset(seed=seed)
    rewards, terminated, truncated = [], False, False
    while not (terminated or truncated):
        _, reward, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(float(reward))
    return Episode(rewards, terminated, truncated)
''', (RE, REH)),
    Mutant("ignores the seed", "run_episode", '''
def run_episode(env, policy, seed):
    obs, _ = env.reset()
    rewards, terminated, truncated = [], False, False
    while not (terminated or truncated):
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(float(reward))
    return Episode(rewards, terminated, truncated)
''', (RE, REH)),
    Mutant("drops the reward of the last step", "run_episode", '''
def run_episode(env, policy, seed):
    obs, _ = env.reset(seed=seed)
    rewards = []
    while True:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        if terminated or truncated:
            break
        rewards.append(float(reward))
    return Episode(rewards, terminated, truncated)
''', (RE, REH)),
    Mutant("reports every ending as terminated", "run_episode", '''
def run_episode(env, policy, seed):
    obs, _ = env.reset(seed=seed)
    rewards, done = [], False
    while not done:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        done = terminated or truncated
        rewards.append(float(reward))
    return Episode(rewards, done, False)
''', (RE, REH)),
    Mutant("samples one action and keeps it", "make_random_policy", '''
def make_random_policy(action_space):
    action = action_space.sample()
    return lambda obs: action
''', (RP,)),
    Mutant("np.random.randint(0, n - 1) never picks the last action", "make_random_policy", '''
def make_random_policy(action_space):
    return lambda obs: np.random.randint(0, action_space.n - 1)
''', (RP,)),
    Mutant("unseeded numpy randomness", "make_random_policy", '''
def make_random_policy(action_space):
    return lambda obs: int(np.random.randint(action_space.n))
''', (RP, RPH)),
)
