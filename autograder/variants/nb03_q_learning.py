"""Correct answers in other styles for notebook 03, by a blind examiner (see the package)."""

from autograder.variants import Variant

VARIANTS = (
    Variant('flatnonzero of the maxima and rng.choice among them', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    q_values = np.asarray(q_values)
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    best = np.flatnonzero(q_values == q_values.max())
    return int(rng.choice(best))
'''),
    Variant('plain Python loop collecting the best actions', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    n_actions = len(q_values)
    explore = rng.random() < epsilon
    if explore:
        action = rng.integers(0, n_actions)
    else:
        best_value = max(q_values)
        best_actions = []
        for a in range(n_actions):
            if q_values[a] == best_value:
                best_actions.append(a)
        action = best_actions[rng.integers(0, len(best_actions))]
    return int(action)
'''),
    Variant('explicit probability vector, one rng.choice with p=', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    q = np.asarray(q_values, dtype=float)
    n = q.shape[0]
    is_best = (q == np.max(q)).astype(float)
    probs = epsilon / n + (1.0 - epsilon) * is_best / is_best.sum()
    probs = probs / probs.sum()
    return int(rng.choice(n, p=probs))
'''),
    Variant('argmax over a random permutation (random tie-break), helper in its own cell', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    if rng.uniform() < epsilon:
        return int(rng.integers(len(q_values)))
    return random_argmax(q_values, rng)
''', added='''
def random_argmax(values, rng):
    """argmax with ties broken uniformly at random: shuffle, take the first max, map back."""
    order = rng.permutation(len(values))
    return int(order[np.argmax(np.asarray(values)[order])])
'''),
    Variant('textbook if/else target', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    if terminated:
        target = reward
    else:
        target = reward + gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] = Q[state, action] + alpha * td_error
    return float(td_error)
'''),
    Variant('multiplicative (1 - done) mask, as in DQN code', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    not_done = 1.0 - float(terminated)
    old = Q[state, action]
    td_error = reward + gamma * not_done * Q[next_state].max() - old
    Q[state, action] += alpha * td_error
    return td_error
'''),
    Variant('helper td_target in a separate cell', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    q_old = float(Q[state][action])
    delta = td_target(Q, reward, next_state, terminated, gamma) - q_old
    Q[state][action] = q_old + alpha * delta
    return delta
''', added='''
def td_target(Q, reward, next_state, terminated, gamma):
    # Terminal next state: its value is 0, so nothing to bootstrap from.
    return reward if terminated else reward + gamma * Q[next_state].max()
'''),
    Variant('formula with min(1, fraction), cast to float', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    fraction = min(1.0, episode / decay_episodes)
    return float(start + (end - start) * fraction)
'''),
    Variant('early return after the decay', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    if episode >= decay_episodes:
        return float(end)
    return float(start + (end - start) * (episode / decay_episodes))
'''),
    Variant('np.clip on the fraction', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    frac = np.clip(episode / decay_episodes, 0.0, 1.0)
    return float(start + (end - start) * frac)
'''),
    Variant('straightforward loop', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        if episode == 0:
            state, _ = env.reset(seed=config.seed)
        else:
            state, _ = env.reset()
        total = 0.0
        done = False
        while not done:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(Q, state, action, reward, next_state, terminated, alpha, config.gamma)
            total += reward
            state = next_state
            done = terminated or truncated
        returns.append(total)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
'''),
    Variant('while True with break, seed passed as None after the first episode', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    n_states, n_actions = env.observation_space.n, env.action_space.n
    Q = np.zeros((n_states, n_actions), dtype=np.float64)
    rng = np.random.default_rng(config.seed)
    returns = []
    for ep in range(config.episodes):
        eps = linear_schedule(ep, config.eps_start, config.eps_end, config.eps_decay_episodes)
        lr = linear_schedule(ep, config.alpha_start, config.alpha_end, config.episodes)
        s, _ = env.reset(seed=config.seed if ep == 0 else None)
        ep_return = 0.0
        while True:
            a = epsilon_greedy(Q[s], eps, rng)
            s2, r, terminated, truncated, _ = env.step(a)
            q_learning_update(Q, s, a, r, s2, terminated, lr, config.gamma)
            ep_return += r
            s = s2
            if terminated or truncated:
                break
        returns.append(ep_return)
        if callback:
            callback(ep, Q)
    return Q, returns
'''),
    Variant('episode runner as a helper in its own cell', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        seed = config.seed if episode == 0 else None
        returns.append(run_q_episode(env, Q, epsilon, alpha, config.gamma, rng, seed=seed))
        if callback is not None:
            callback(episode, Q)
    return Q, returns
''', added='''
def run_q_episode(env, Q, epsilon, alpha, gamma, rng, seed=None):
    """Play one episode with epsilon-greedy, updating Q in place; return the episode's return."""
    state, _ = env.reset(seed=seed)
    G = 0.0
    terminated = truncated = False
    while not (terminated or truncated):
        action = epsilon_greedy(Q[state], epsilon, rng)
        next_state, reward, terminated, truncated, _ = env.step(action)
        q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma)
        G += float(reward)
        state = next_state
    return G
'''),
    # A second blind examiner, after the checks of these functions changed (session 8):
    Variant('Baseline: rng.random() < epsilon -> rng.integers(A); else rng.choice among argmax ties.', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    q_values = np.asarray(q_values)
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    best = np.flatnonzero(q_values == q_values.max())
    return int(rng.choice(best))
'''),
    Variant('Builds the full epsilon-greedy distribution (eps/A each, + (1-eps)/k on the k maxima) and draws once with rng.choice(A, p=...).', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    q = np.asarray(q_values, dtype=float)
    n_actions = q.size
    is_best = q == q.max()
    probs = np.full(n_actions, epsilon / n_actions)
    probs[is_best] += (1.0 - epsilon) / is_best.sum()
    return int(rng.choice(n_actions, p=probs))
'''),
    Variant('Greedy branch breaks ties by taking np.argmax over a random permutation of the actions.', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    q = np.asarray(q_values)
    n_actions = len(q)
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    order = rng.permutation(n_actions)
    # argmax returns the first maximum; in a random order that is a uniform pick among ties
    return int(order[np.argmax(q[order])])
'''),
    Variant('Plain Python lists and a loop for the maximal actions; index drawn with rng.integers.', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    values = [float(v) for v in q_values]
    n_actions = len(values)
    if rng.random() < epsilon:
        return int(rng.integers(0, n_actions))
    best_value = max(values)
    best_actions = []
    for a in range(n_actions):
        if values[a] == best_value:
            best_actions.append(a)
    return best_actions[int(rng.integers(len(best_actions)))]
'''),
    Variant('Tie-breaking argmax written as a helper in an extra cell inserted before the answer cell.', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    if rng.random() < epsilon:
        return int(rng.integers(np.shape(q_values)[0]))
    return argmax_random_tie(q_values, rng)
''', added='''import numpy as np


def argmax_random_tie(values, rng):
    """Index of a maximal entry of `values`, chosen uniformly at random among ties."""
    values = np.asarray(values)
    winners = np.flatnonzero(values == np.max(values))
    return int(winners[rng.integers(winners.size)])
'''),
    Variant('Always draws the coin, a random action and a tie-break index, then picks: same distribution, different consumption of rng.', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    q = np.asarray(q_values, dtype=float)
    coin = rng.random()
    random_action = int(rng.integers(q.size))
    best = np.flatnonzero(q == q.max())
    greedy_action = int(best[rng.integers(best.size)])
    return random_action if coin < epsilon else greedy_action
'''),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Variant('if/else target with np.max on the next row, += update', 'q_learning_update', '''def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    """Apply one Q-learning update to Q in place.

    Args:
        Q: the Q-table, shape (S, A), modified in place.
        state, action: the state and the action taken in it.
        reward: the reward received.
        next_state: the state reached.
        terminated: True when next_state is terminal (then there is no bootstrap).
        alpha: learning rate.
        gamma: discount factor.

    Returns:
        The TD error target - Q[state, action], with Q[state, action] taken before the update.
    """
    # YOUR CODE HERE
    if terminated:
        target = reward
    else:
        target = reward + gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return float(td_error)
'''),
    Variant('multiply the bootstrap by (1 - terminated), convex-combination update', 'q_learning_update', '''def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    """Apply one Q-learning update to Q in place.

    Args:
        Q: the Q-table, shape (S, A), modified in place.
        state, action: the state and the action taken in it.
        reward: the reward received.
        next_state: the state reached.
        terminated: True when next_state is terminal (then there is no bootstrap).
        alpha: learning rate.
        gamma: discount factor.

    Returns:
        The TD error target - Q[state, action], with Q[state, action] taken before the update.
    """
    not_done = 1.0 - float(bool(terminated))
    old = float(Q[state, action])
    target = float(reward) + gamma * not_done * float(Q[next_state].max())
    Q[state, action] = (1.0 - alpha) * old + alpha * target
    return target - old
'''),
    Variant('min-clamped fraction, start + (end - start) * frac', 'linear_schedule', '''def linear_schedule(episode, start, end, decay_episodes):
    """Linear interpolation from `start` (episode 0) to `end` (episode decay_episodes and later).

    Args:
        episode: the episode number, counted from 0.
        start: the value at episode 0.
        end: the value from episode `decay_episodes` on.
        decay_episodes: length of the decay, >= 1.

    Returns:
        The value for this episode, a float.
    """
    # YOUR CODE HERE
    fraction = min(1.0, episode / decay_episodes)
    return float(start + (end - start) * fraction)
'''),
    Variant('np.interp between (0, start) and (decay_episodes, end), clamped by interp itself', 'linear_schedule', '''def linear_schedule(episode, start, end, decay_episodes):
    """Linear interpolation from `start` (episode 0) to `end` (episode decay_episodes and later).

    Args:
        episode: the episode number, counted from 0.
        start: the value at episode 0.
        end: the value from episode `decay_episodes` on.
        decay_episodes: length of the decay, >= 1.

    Returns:
        The value for this episode, a float.
    """
    if episode >= decay_episodes:
        return float(end)
    return float(np.interp(episode, [0, decay_episodes], [start, end]))
'''),
    Variant('straightforward nested loops following the numbered steps', 'train_q_learning', '''def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    # YOUR CODE HERE
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        if episode == 0:
            state, _ = env.reset(seed=config.seed)
        else:
            state, _ = env.reset()
        ep_return = 0.0
        while True:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(Q, state, action, reward, next_state, terminated, alpha, config.gamma)
            ep_return += reward
            state = next_state
            if terminated or truncated:
                break
        returns.append(ep_return)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
'''),
    Variant('helper that plays one learning episode, outer loop with enumerate-free counter and float returns', 'train_q_learning', '''def _learn_one_episode(env, Q, rng, epsilon, alpha, gamma, reset_seed):
    # one episode of Q-learning; returns the undiscounted return
    state, _ = env.reset(seed=reset_seed)
    total, done = 0.0, False
    while not done:
        action = epsilon_greedy(Q[state], epsilon, rng)
        next_state, reward, terminated, truncated, _ = env.step(action)
        q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma)
        total += float(reward)
        state = next_state
        done = terminated or truncated
    return total


def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    n_states, n_actions = int(env.observation_space.n), int(env.action_space.n)
    Q = np.zeros((n_states, n_actions), dtype=np.float64)
    rng = np.random.default_rng(config.seed)
    returns = []
    episode = 0
    while episode < config.episodes:
        eps = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        lr = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        seed = config.seed if episode == 0 else None
        returns.append(_learn_one_episode(env, Q, rng, eps, lr, config.gamma, seed))
        if callback:
            callback(episode, Q)
        episode += 1
    return Q, returns
'''),
)
