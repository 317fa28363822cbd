"""Correct answers in other styles for notebook 01, by a blind examiner (see the package)."""

from autograder.variants import Variant

VARIANTS = (
    Variant('plain loop with a float accumulator', 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    total = 0.0
    for r in rewards:
        total += float(r)
    return total
'''),
    Variant('numpy sum converted to a Python float', 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    return float(np.sum(np.asarray(rewards, dtype=np.float64)))
'''),
    Variant('early return for the empty episode, then builtin sum with a float start', 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    if len(rewards) == 0:
        return 0.0
    return sum((float(r) for r in rewards), 0.0)
'''),
    Variant('functools.reduce with an explicit 0.0 initial value', 'episode_return', '''
from functools import reduce
import operator


def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    return reduce(operator.add, [float(r) for r in rewards], 0.0)
'''),
    Variant('backward recursion G = r + gamma * G', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    G = 0.0
    for r in reversed(list(rewards)):
        G = float(r) + gamma * G
    return float(G)
'''),
    Variant('vectorised: powers of gamma dotted with the rewards', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    rewards = np.asarray(rewards, dtype=np.float64)
    discounts = float(gamma) ** np.arange(len(rewards))
    return float(np.dot(discounts, rewards))
'''),
    Variant('forward loop keeping a running discount factor', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    total, discount = 0.0, 1.0
    for r in rewards:
        total += discount * float(r)
        discount *= gamma
    return float(total)
'''),
    Variant('helper in its own cell computing all G_t backwards; answer takes G_0', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    G = returns_to_go(list(rewards), gamma)
    return float(G[0]) if G else 0.0
''', added='''
def returns_to_go(rewards, gamma):
    """G_t for every t, computed backwards with G_T = 0."""
    out = [0.0] * len(rewards)
    G = 0.0
    for t in range(len(rewards) - 1, -1, -1):
        G = float(rewards[t]) + gamma * G
        out[t] = G
    return out
'''),
    Variant('sum of a generator over enumerate', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    return float(sum((gamma ** t) * float(r) for t, r in enumerate(rewards)))
'''),
    Variant('while loop on a done flag', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, info = env.reset(seed=seed)
    rewards = []
    terminated = truncated = False
    while not (terminated or truncated):
        action = policy(obs)
        obs, reward, terminated, truncated, info = env.step(action)
        rewards.append(float(reward))
    return Episode(rewards, terminated, truncated)
'''),
    Variant('while True with a break and keyword arguments for Episode', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    observation, _ = env.reset(seed=seed)
    rewards = []
    while True:
        next_observation, reward, terminated, truncated, _ = env.step(policy(observation))
        rewards.append(reward)
        if terminated or truncated:
            return Episode(rewards=rewards, terminated=terminated, truncated=truncated)
        observation = next_observation
'''),
    Variant('helper cell for one step; itertools.count loop', 'run_episode', '''
import itertools


def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, _ = env.reset(seed=seed)
    rewards = []
    for _ in itertools.count():
        obs, reward, terminated, truncated = play_step(env, policy, obs)
        rewards.append(reward)
        if terminated or truncated:
            break
    return Episode(rewards, terminated, truncated)
''', added='''
def play_step(env, policy, obs):
    """One step: returns (next_obs, reward, terminated, truncated)."""
    next_obs, reward, terminated, truncated, _ = env.step(policy(obs))
    return next_obs, float(reward), bool(terminated), bool(truncated)
'''),
    Variant('nested def closing over the space', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    def policy(observation):
        return action_space.sample()
    return policy
'''),
    Variant('a lambda', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    return lambda _obs: action_space.sample()
'''),
    Variant('a small callable class defined in an earlier cell', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    return RandomPolicy(action_space)
''', added='''
class RandomPolicy:
    """Ignores the observation; samples from the action space at every call."""

    def __init__(self, action_space):
        self.action_space = action_space

    def __call__(self, observation):
        return self.action_space.sample()
'''),
    Variant('nested def with *args so it accepts any call', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    sample = action_space.sample

    def random_policy(*args, **kwargs):
        return sample()

    return random_policy
'''),
    # A second blind examiner, after the checks of these functions changed (session 8):
    Variant('Inner function that ignores obs and returns action_space.sample().', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    def policy(observation):
        return action_space.sample()

    return policy
'''),
    Variant('One-line lambda around action_space.sample().', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    return lambda obs: action_space.sample()
'''),
    Variant('A small callable class (defined in the same cell, after the function) holding the space.', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    return RandomPolicy(action_space)


class RandomPolicy:
    """Callable random agent: ignores the observation, samples from the space."""

    def __init__(self, space):
        self.space = space

    def __call__(self, observation):
        return self.space.sample()
'''),
    Variant('functools.partial of a module-level helper taking (space, obs).', 'make_random_policy', '''
import functools


def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    return functools.partial(_sample_ignoring_observation, action_space)


def _sample_ignoring_observation(space, observation):
    return space.sample()
'''),
    Variant('Closure accepting *args/**kwargs, bound-method sampler captured once (space.sample).', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    sample = action_space.sample  # the bound method: uses the space's own generator

    def policy(*args, **kwargs):
        return sample()

    return policy
'''),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Variant('vectorised numpy sum with explicit float dtype', 'episode_return', '''def episode_return(rewards):
    """Return of an episode: the sum of its rewards.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).

    Returns:
        The sum as a float; 0.0 for an episode with no steps.
    """
    # YOUR CODE HERE
    rewards = np.asarray(rewards, dtype=np.float64)
    return float(rewards.sum())
'''),
    Variant('plain Python accumulation loop', 'episode_return', '''def episode_return(rewards):
    """Return of an episode: the sum of its rewards.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).

    Returns:
        The sum as a float; 0.0 for an episode with no steps.
    """
    total = 0.0
    for r in rewards:
        total += float(r)
    return total
'''),
    Variant('backward recursion G = r + gamma * G over reversed rewards', 'discounted_return', '''def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).
        gamma: the discount factor, 0 <= gamma <= 1.

    Returns:
        G_0 as a float; 0.0 for an episode with no steps.
    """
    # YOUR CODE HERE
    G = 0.0
    for r in reversed(list(rewards)):
        G = float(r) + gamma * G
    return float(G)
'''),
    Variant('vectorised dot product with a vector of discount powers', 'discounted_return', '''def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).
        gamma: the discount factor, 0 <= gamma <= 1.

    Returns:
        G_0 as a float; 0.0 for an episode with no steps.
    """
    r = np.asarray(rewards, dtype=np.float64).ravel()
    if r.size == 0:
        return 0.0
    discounts = np.power(float(gamma), np.arange(r.size))
    return float(discounts @ r)
'''),
    Variant('while-True loop with an explicit break on either flag', 'run_episode', '''def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`.

    Args:
        env: a Gymnasium environment.
        policy: a function observation -> action.
        seed: the seed for env.reset.

    Returns:
        Episode(rewards, terminated, truncated): the reward of every step in order, and the
        two flags returned by the last step.
    """
    # YOUR CODE HERE
    obs, _ = env.reset(seed=seed)
    rewards = []
    while True:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(float(reward))
        if terminated or truncated:
            break
    return Episode(rewards, bool(terminated), bool(truncated))
'''),
    Variant('done-flag loop with separate next_obs and a named-field Episode', 'run_episode', '''def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`.

    Args:
        env: a Gymnasium environment.
        policy: a function observation -> action.
        seed: the seed for env.reset.

    Returns:
        Episode(rewards, terminated, truncated): the reward of every step in order, and the
        two flags returned by the last step.
    """
    observation, info = env.reset(seed=seed)
    rewards = []
    terminated = truncated = False
    done = False
    while not done:
        action = policy(observation)
        next_observation, reward, terminated, truncated, info = env.step(action)
        rewards.append(reward)
        observation = next_observation
        done = terminated or truncated
    return Episode(rewards=rewards, terminated=terminated, truncated=truncated)
'''),
    Variant('nested closure calling action_space.sample()', 'make_random_policy', '''def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    # YOUR CODE HERE
    def policy(observation):
        return action_space.sample()

    return policy
'''),
)
