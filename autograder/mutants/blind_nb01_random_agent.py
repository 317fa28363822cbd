"""Mistakes in notebook 01 written by a blind examiner, who read only the student notebook
(its text and stubs), never the checks, the hidden tests or the other mutants.

``MUTANTS`` lose points in the checks named (measured when they were added; ``tests/test_course.py``
keeps it so). ``UNCAUGHT`` are the examiner's mistakes no check catches yet, kept to be worked on.
"""

from autograder.mutants import Mutant

MUTANTS = (
    Mutant("I used sum(rewards), it's the sum after all", 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    return sum(rewards)
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('np.sum is faster', 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    return np.sum(rewards)
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('in CartPole the return is the number of steps', 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    return float(len(rewards))
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('skip the first reward because it comes from reset', 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    return float(sum(rewards[1:]))
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('cumulative sum, take the last element', 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    return float(np.cumsum(rewards)[-1])
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('average reward per step', 'episode_return', '''
def episode_return(rewards):
    """Return of an episode: the sum of its rewards."""
    if len(rewards) == 0:
        return 0.0
    return float(np.mean(rewards))
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('gamma to the power t+1, enumerate from 1', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    return float(sum(gamma ** t * r for t, r in enumerate(rewards, start=1)))
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('recursion G = r + gamma*G but I forgot to go backwards', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    G = 0.0
    for r in rewards:
        G = r + gamma * G
    return float(G)
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('start the backward recursion from the last reward', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    if len(rewards) == 0:
        return 0.0
    G = float(rewards[-1])
    for r in reversed(rewards):
        G = r + gamma * G
    return float(G)
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('discount the whole bracket: G = gamma * (r + G)', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    G = 0.0
    for r in reversed(rewards):
        G = gamma * (r + G)
    return float(G)
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('powers of gamma via exp and log', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    rewards = np.asarray(rewards, dtype=np.float64)
    t = np.arange(len(rewards))
    discounts = np.exp(t * np.log(gamma))
    return float(np.sum(discounts * rewards))
''', ('01.discounted_return.hidden',)),
    Mutant('reversed the rewards and the powers together', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    rewards = np.asarray(rewards, dtype=np.float64)
    discounts = gamma ** np.arange(len(rewards))
    return float(np.dot(discounts, rewards[::-1]))
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('backward recursion starting from G = 0', 'discounted_return', '''
def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode."""
    G = 0
    for r in reversed(list(rewards)):
        G = r + gamma * G
    return G
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('loop until the pole falls', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, info = env.reset(seed=seed)
    rewards = []
    terminated = truncated = False
    while not terminated:
        obs, reward, terminated, truncated, info = env.step(policy(obs))
        rewards.append(reward)
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('reset without the seed, seeding is done elsewhere', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, info = env.reset()
    rewards = []
    done = False
    while not done:
        obs, reward, terminated, truncated, info = env.step(policy(obs))
        rewards.append(reward)
        done = terminated or truncated
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('forgot to update obs', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, info = env.reset(seed=seed)
    rewards = []
    while True:
        next_obs, reward, terminated, truncated, info = env.step(policy(obs))
        rewards.append(reward)
        if terminated or truncated:
            break
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('pick the action once, before the loop', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, info = env.reset(seed=seed)
    action = policy(obs)
    rewards = []
    terminated = truncated = False
    while not (terminated or truncated):
        obs, reward, terminated, truncated, info = env.step(action)
        rewards.append(reward)
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('flags in the other order', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, _ = env.reset(seed=seed)
    rewards = []
    while True:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(reward)
        if terminated or truncated:
            break
    return Episode(rewards, truncated, terminated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('only add the reward if the episode goes on', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, _ = env.reset(seed=seed)
    rewards = []
    while True:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        if terminated or truncated:
            break
        rewards.append(reward)
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('at most 500 steps, like CartPole', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, _ = env.reset(seed=seed)
    rewards = []
    terminated = truncated = False
    for _ in range(500):
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(reward)
        if terminated or truncated:
            break
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode.hidden',)),
    Mutant('one done flag for both', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, _ = env.reset(seed=seed)
    rewards = []
    done = False
    while not done:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(reward)
        done = terminated or truncated
    return Episode(rewards, done, False)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('return a plain tuple', 'run_episode', '''
def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`."""
    obs, _ = env.reset(seed=seed)
    rewards = []
    while True:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(reward)
        if terminated or truncated:
            return rewards, terminated, truncated
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('sample once and return that action', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    action = action_space.sample()
    return lambda obs: action
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('the policy is the sample method itself', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    return action_space.sample
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('numpy random integer between 0 and n', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    def policy(obs):
        return np.random.randint(action_space.n)
    return policy
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('use the rng from the first cell', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    return lambda obs: int(rng.integers(action_space.n))
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('sample from env.action_space', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    return lambda obs: env.action_space.sample()
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('seed the space inside so it is reproducible', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    action_space.seed(SEED)

    def policy(obs):
        return action_space.sample()
    return policy
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('cast the action to int for step()', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    return lambda obs: int(action_space.sample())
''', ('01.make_random_policy.hidden',)),
    Mutant('random.choice over the two actions', 'make_random_policy', '''
import random


def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action."""
    return lambda obs: random.choice([0, 1])
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    # A second blind examiner, after the checks of these functions changed (session 8):
    Mutant("Wrong random source: np.random.randint(action_space.n) ignores the space's seeded generator.", 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    def policy(obs):
        return np.random.randint(action_space.n)

    return policy
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant("Wrong random source: uses the notebook's global `rng` from seed_everything, not action_space.sample().", 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    return lambda obs: int(rng.integers(action_space.n))
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('Draws one action when the policy is made and returns it forever (not fresh at every call).', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    action = action_space.sample()

    def policy(obs):
        return action

    return policy
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('Python random.randint(0, n) is inclusive: can return the invalid action n (and wrong random source).', 'make_random_policy', '''
import random


def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    return lambda obs: random.randint(0, action_space.n)
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('Returns a sampled action instead of a policy function.', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    return action_space.sample()
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant("Re-seeds the space inside the policy 'for reproducibility': the same action at every call.", 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    def policy(obs):
        action_space.seed(0)
        return action_space.sample()

    return policy
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('The returned function takes no argument, so policy(obs) raises TypeError.', 'make_random_policy', '''
def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    return lambda: action_space.sample()
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Mutant("I just used Python's built-in sum, so a list of int rewards gives back an int (and an empty episode gives 0, not 0.0)", 'episode_return', '''def episode_return(rewards):
    """Return of an episode: the sum of its rewards.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).

    Returns:
        The sum as a float; 0.0 for an episode with no steps.
    """
    # YOUR CODE HERE
    return sum(rewards)
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('in CartPole every step is worth +1 so I returned the number of steps', 'episode_return', '''def episode_return(rewards):
    """Return of an episode: the sum of its rewards.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).

    Returns:
        The sum as a float; 0.0 for an episode with no steps.
    """
    # the return is the number of steps the pole stayed up
    return float(len(rewards))
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('I used np.mean instead of the sum (and it gives nan for an empty episode)', 'episode_return', '''def episode_return(rewards):
    """Return of an episode: the sum of its rewards.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).

    Returns:
        The sum as a float; 0.0 for an episode with no steps.
    """
    return float(np.mean(rewards))
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('I took the last entry of the cumulative sum, which crashes on an episode with no steps', 'episode_return', '''def episode_return(rewards):
    """Return of an episode: the sum of its rewards.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).

    Returns:
        The sum as a float; 0.0 for an episode with no steps.
    """
    running = np.cumsum(np.asarray(rewards, dtype=float))
    return float(running[-1])
''', ('01.episode_return', '01.episode_return.hidden')),
    Mutant('I started the discount exponent at 1 instead of 0, so the first reward is discounted too', 'discounted_return', '''def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).
        gamma: the discount factor, 0 <= gamma <= 1.

    Returns:
        G_0 as a float; 0.0 for an episode with no steps.
    """
    G = 0.0
    for t, r in enumerate(rewards, start=1):
        G += gamma ** t * r
    return float(G)
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('I ran the recursion G = r + gamma * G forwards over the rewards instead of backwards', 'discounted_return', '''def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).
        gamma: the discount factor, 0 <= gamma <= 1.

    Returns:
        G_0 as a float; 0.0 for an episode with no steps.
    """
    G = 0.0
    for r in rewards:
        G = r + gamma * G
    return float(G)
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('going backwards I wrote G = gamma * (r + G), which discounts every reward one step too much', 'discounted_return', '''def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).
        gamma: the discount factor, 0 <= gamma <= 1.

    Returns:
        G_0 as a float; 0.0 for an episode with no steps.
    """
    G = 0.0
    for r in rewards[::-1]:
        G = gamma * (r + G)
    return float(G)
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('I stored the returns-to-go in np.zeros_like(rewards), which is an int array when the rewards are ints, so the values get truncated', 'discounted_return', '''def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).
        gamma: the discount factor, 0 <= gamma <= 1.

    Returns:
        G_0 as a float; 0.0 for an episode with no steps.
    """
    rewards = np.asarray(rewards)
    if len(rewards) == 0:
        return 0.0
    returns = np.zeros_like(rewards)
    running = 0.0
    for t in reversed(range(len(rewards))):
        running = rewards[t] + gamma * running
        returns[t] = running
    return float(returns[0])
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant('I returned the whole list of returns-to-go G_t instead of just G_0', 'discounted_return', '''def discounted_return(rewards, gamma):
    """Discounted return G_0 = sum_t gamma**t * r_t of one episode.

    Args:
        rewards: the rewards r_0, ..., r_{T-1} of one episode (a list or a 1-D array).
        gamma: the discount factor, 0 <= gamma <= 1.

    Returns:
        G_0 as a float; 0.0 for an episode with no steps.
    """
    G, out = 0.0, []
    for r in reversed(rewards):
        G = r + gamma * G
        out.append(G)
    return out[::-1]
''', ('01.discounted_return', '01.discounted_return.hidden')),
    Mutant("I hard-coded CartPole's 500-step limit and only stopped on terminated, so other time limits are ignored", 'run_episode', '''def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`.

    Args:
        env: a Gymnasium environment.
        policy: a function observation -> action.
        seed: the seed for env.reset.

    Returns:
        Episode(rewards, terminated, truncated): the reward of every step in order, and the
        two flags returned by the last step.
    """
    obs, info = env.reset(seed=seed)
    rewards = []
    terminated = truncated = False
    for _ in range(500):
        obs, reward, terminated, truncated, info = env.step(policy(obs))
        rewards.append(reward)
        if terminated:
            break
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('I forgot to pass the seed to env.reset', 'run_episode', '''def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`.

    Args:
        env: a Gymnasium environment.
        policy: a function observation -> action.
        seed: the seed for env.reset.

    Returns:
        Episode(rewards, terminated, truncated): the reward of every step in order, and the
        two flags returned by the last step.
    """
    obs, info = env.reset()
    rewards = []
    while True:
        obs, reward, terminated, truncated, info = env.step(policy(obs))
        rewards.append(reward)
        if terminated or truncated:
            return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant("I stored the step's observation in next_obs but never moved obs forward, so the policy keeps seeing the first observation", 'run_episode', '''def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`.

    Args:
        env: a Gymnasium environment.
        policy: a function observation -> action.
        seed: the seed for env.reset.

    Returns:
        Episode(rewards, terminated, truncated): the reward of every step in order, and the
        two flags returned by the last step.
    """
    obs, info = env.reset(seed=seed)
    rewards = []
    done = False
    while not done:
        action = policy(obs)
        next_obs, reward, terminated, truncated, info = env.step(action)
        rewards.append(reward)
        done = terminated or truncated
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant("I reported terminated as 'the episode is over', i.e. terminated or truncated", 'run_episode', '''def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`.

    Args:
        env: a Gymnasium environment.
        policy: a function observation -> action.
        seed: the seed for env.reset.

    Returns:
        Episode(rewards, terminated, truncated): the reward of every step in order, and the
        two flags returned by the last step.
    """
    obs, info = env.reset(seed=seed)
    rewards = []
    while True:
        obs, reward, terminated, truncated, info = env.step(policy(obs))
        rewards.append(reward)
        done = terminated or truncated
        if done:
            return Episode(rewards, done, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('I used the old Gym API where reset returns only the observation, so the policy gets the (obs, info) tuple', 'run_episode', '''def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`.

    Args:
        env: a Gymnasium environment.
        policy: a function observation -> action.
        seed: the seed for env.reset.

    Returns:
        Episode(rewards, terminated, truncated): the reward of every step in order, and the
        two flags returned by the last step.
    """
    obs = env.reset(seed=seed)
    rewards = []
    terminated = truncated = False
    while not (terminated or truncated):
        action = policy(obs)
        obs, reward, terminated, truncated, _ = env.step(action)
        rewards.append(reward)
    return Episode(rewards, terminated, truncated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('I put the two flags into the Episode in the wrong order', 'run_episode', '''def run_episode(env, policy, seed):
    """Play one episode of `env` with `policy`.

    Args:
        env: a Gymnasium environment.
        policy: a function observation -> action.
        seed: the seed for env.reset.

    Returns:
        Episode(rewards, terminated, truncated): the reward of every step in order, and the
        two flags returned by the last step.
    """
    obs, _ = env.reset(seed=seed)
    rewards = []
    while True:
        obs, r, terminated, truncated, _ = env.step(policy(obs))
        rewards.append(r)
        if terminated or truncated:
            return Episode(rewards, truncated, terminated)
''', ('01.run_episode', '01.run_episode.hidden')),
    Mutant('I used np.random.randint, so seeding the action space does not make it reproducible', 'make_random_policy', '''def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    def policy(obs):
        return np.random.randint(action_space.n)
    return policy
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('I sampled the action once when building the policy, so it returns the same action every call', 'make_random_policy', '''def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    action = action_space.sample()
    return lambda obs: action
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant('I returned a sampled action instead of a policy function', 'make_random_policy', '''def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    return action_space.sample()
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant("I used the space's own np_random but passed n-1 as the exclusive upper bound, so the last action is never chosen", 'make_random_policy', '''def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    def policy(obs):
        return int(action_space.np_random.integers(0, action_space.n - 1))
    return policy
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
    Mutant("I made my own generator with a fixed seed 0 instead of using the action space's generator", 'make_random_policy', '''def make_random_policy(action_space):
    """A policy that ignores the observation and samples a uniformly random action.

    Args:
        action_space: a Gymnasium space, e.g. env.action_space.

    Returns:
        A function observation -> action that draws a fresh action at every call.
    """
    gen = np.random.default_rng(0)

    def policy(obs):
        return int(gen.integers(action_space.n))
    return policy
''', ('01.make_random_policy', '01.make_random_policy.hidden')),
)

#: (mistake, function, why no check catches it: the examiner's description)
UNCAUGHT = (
)
