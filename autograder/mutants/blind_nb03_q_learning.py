"""Mistakes in notebook 03 written by a blind examiner, who read only the student notebook
(its text and stubs), never the checks, the hidden tests or the other mutants.

``MUTANTS`` lose points in the checks named (measured when they were added; ``tests/test_course.py``
keeps it so). ``UNCAUGHT`` are the examiner's mistakes no check catches yet, kept to be worked on.
"""

from autograder.mutants import Mutant

MUTANTS = (
    Mutant('I used np.argmax for the greedy action', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    return int(np.argmax(q_values))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('I used np.random for the coin flip and the random action', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    q_values = np.asarray(q_values)
    if np.random.random() < epsilon:
        return int(np.random.randint(len(q_values)))
    best = np.flatnonzero(q_values == q_values.max())
    return int(np.random.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('when exploring I pick one of the other (non-greedy) actions', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    q_values = np.asarray(q_values)
    best = np.flatnonzero(q_values == q_values.max())
    greedy = int(rng.choice(best))
    if rng.random() < epsilon:
        others = [a for a in range(len(q_values)) if a != greedy]
        return int(rng.choice(others))
    return greedy
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('rng.integers(0, A - 1) for the random action', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    n_actions = len(q_values)
    if rng.random() < epsilon:
        return int(rng.integers(0, n_actions - 1))
    best = np.flatnonzero(np.asarray(q_values) == np.max(q_values))
    return int(rng.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('explore when the random number is above epsilon', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() > epsilon:
        return int(rng.integers(len(q_values)))
    best = np.flatnonzero(np.asarray(q_values) == np.max(q_values))
    return int(rng.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('returned the numpy integer from rng.choice', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    q_values = np.asarray(q_values)
    if rng.random() < epsilon:
        return rng.integers(q_values.shape[0])
    return rng.choice(np.flatnonzero(q_values == q_values.max()))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('random tie-break only when exploring (argmax otherwise)', 'epsilon_greedy', '''
def epsilon_greedy(q_values, epsilon, rng):
    q_values = np.asarray(q_values)
    greedy = int(q_values.argmax())
    if rng.random() < epsilon or np.all(q_values == q_values[0]):
        return int(rng.integers(q_values.size))
    return greedy
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('I always bootstrap, terminated is not used', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward + gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return td_error
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('I return the TD error recomputed after the update', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * Q[next_state].max()
    Q[state, action] += alpha * (target - Q[state, action])
    return target - Q[state, action]
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant("max over the current state's row", 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    if terminated:
        target = reward
    else:
        target = reward + gamma * Q[state].max()
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return td_error
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant("I copy Q so that I don't modify the caller's array", 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    Q = Q.copy()
    target = reward if terminated else reward + gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return td_error
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('I return the step alpha * td_error', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * np.max(Q[next_state])
    step = alpha * (target - Q[state, action])
    Q[state, action] += step
    return step
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('bootstrap from the same action in the next state', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * Q[next_state, action]
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return td_error
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('terminal target is zero', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = 0.0 if terminated else reward + gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return td_error
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('no discount on the bootstrap', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    future = 0.0 if terminated else Q[next_state].max()
    td_error = reward + future - Q[state, action]
    Q[state, action] += alpha * td_error
    return td_error
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('integer division for the fraction', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    fraction = min(1, episode // decay_episodes)
    return float(start + (end - start) * fraction)
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('I forgot to stop at end', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    return float(start + (end - start) * episode / decay_episodes)
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('clamp with max(end, ...) so it never goes below end', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    return float(max(end, start + (end - start) * episode / decay_episodes))
''', ('03.linear_schedule.hidden',)),
    Mutant('episode + 1 because episodes are counted from 1', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    fraction = min(1.0, (episode + 1) / decay_episodes)
    return float(start + (end - start) * fraction)
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('divide by decay_episodes - 1 to reach end on the last decay episode', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    if decay_episodes <= 1:
        return float(end) if episode >= 1 else float(start)
    fraction = min(1.0, episode / (decay_episodes - 1))
    return float(start + (end - start) * fraction)
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('start and end swapped in the interpolation', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    fraction = min(1.0, episode / decay_episodes)
    return float(end + (start - end) * fraction)
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('returns end as it is (an int for integer arguments)', 'linear_schedule', '''
def linear_schedule(episode, start, end, decay_episodes):
    if episode >= decay_episodes:
        return end
    return start + (end - start) * episode / decay_episodes
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('I pass done = terminated or truncated to the update', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
        while not done:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            done = terminated or truncated
            q_learning_update(Q, state, action, reward, next_state, done, alpha, config.gamma)
            total += reward
            state = next_state
        returns.append(total)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('I reset with the seed every episode', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('I never seed the environment', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset()
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('alpha decays over eps_decay_episodes like epsilon', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.eps_decay_episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('a fresh unseeded generator', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng()
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('loop until terminated', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, terminated = 0.0, False
        while not terminated:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(Q, state, action, reward, next_state, terminated, alpha, config.gamma)
            total += reward
            state = next_state
        returns.append(total)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('forgot to move to the next state', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
        while not done:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(Q, state, action, reward, next_state, terminated, alpha, config.gamma)
            total += reward
            done = terminated or truncated
        returns.append(total)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('integer Q-table from np.zeros with dtype=int', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n), dtype=int)
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('callback with the episode counted from 1', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(1, config.episodes + 1):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 1 else None)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('return with the discount', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, discount, done = 0.0, 1.0, False
        while not done:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(Q, state, action, reward, next_state, terminated, alpha, config.gamma)
            total += discount * reward
            discount *= config.gamma
            state = next_state
            done = terminated or truncated
        returns.append(total)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('max over the whole table for the bootstrap', 'q_learning_update', '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * np.max(Q)
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return td_error
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('I create the generator at the start of each episode', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        rng = np.random.default_rng(config.seed)
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('a different seed for every reset: seed + episode', 'train_q_learning', '''
def train_q_learning(env, config, callback=None):
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed + episode)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    # A second blind examiner, after the checks of these functions changed (session 8):
    Mutant('Greedy branch uses np.argmax: ties always go to the first action (stuck at action 0 on Q = 0).', 'epsilon_greedy', '''
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
    return int(np.argmax(q_values))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('Wrong random source: np.random.random / randint / choice instead of the given rng.', 'epsilon_greedy', '''
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
    if np.random.random() < epsilon:
        return int(np.random.randint(len(q_values)))
    best = np.flatnonzero(q_values == q_values.max())
    return int(np.random.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('Exploration picks only among the non-greedy actions (greedy prob 1-eps instead of 1-eps+eps/A).', 'epsilon_greedy', '''
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
    best = np.flatnonzero(q_values == q_values.max())
    greedy = int(rng.choice(best))
    if rng.random() < epsilon and len(q_values) > 1:
        others = [a for a in range(len(q_values)) if a != greedy]
        return int(rng.choice(others))
    return greedy
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('rng.integers(0, A - 1) thought inclusive: exploration never picks the last action.', 'epsilon_greedy', '''
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
        return int(rng.integers(0, len(q_values) - 1))
    best = np.flatnonzero(q_values == q_values.max())
    return int(rng.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('rng.random() > epsilon: explores with probability 1 - epsilon.', 'epsilon_greedy', '''
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
    if rng.random() > epsilon:
        return int(rng.integers(len(q_values)))
    best = np.flatnonzero(q_values == q_values.max())
    return int(rng.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('Random tie-break only when all Q-values are equal; partial ties (e.g. [0, .5, .5, .1]) go to argmax.', 'epsilon_greedy', '''
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
    n_actions = len(q_values)
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    if np.all(q_values == q_values[0]):  # fresh state: nothing learned yet
        return int(rng.integers(n_actions))
    return int(np.argmax(q_values))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('Correct distribution but returns numpy int64 (rng.integers / rng.choice), not a Python int.', 'epsilon_greedy', '''
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
        return rng.integers(len(q_values))
    return rng.choice(np.flatnonzero(q_values == q_values.max()))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Mutant('I used np.argmax for the greedy action, so ties always go to the first action', 'epsilon_greedy', '''def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    return int(np.argmax(q_values))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('when exploring I picked one of the other (non-greedy) actions', 'epsilon_greedy', '''def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    q_values = np.asarray(q_values)
    best = np.flatnonzero(q_values == q_values.max())
    if rng.random() < epsilon:
        others = np.setdiff1d(np.arange(len(q_values)), best)
        if len(others) > 0:
            return int(rng.choice(others))
    return int(rng.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('I used np.random instead of the rng I was given', 'epsilon_greedy', '''def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    if np.random.random() < epsilon:
        return int(np.random.randint(len(q_values)))
    best = np.flatnonzero(q_values == np.max(q_values))
    return int(np.random.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('I flipped the comparison, so I explore with probability 1 - epsilon', 'epsilon_greedy', '''def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    q_values = np.asarray(q_values)
    if rng.random() > epsilon:
        return int(rng.integers(len(q_values)))
    ties = np.flatnonzero(q_values == q_values.max())
    return int(rng.choice(ties))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('I wrote rng.integers(0, A - 1) thinking the upper bound was inclusive, so the last action is never explored', 'epsilon_greedy', '''def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily, breaking ties between maximal actions at random.

    Args:
        q_values: the Q-values of the current state, shape (A,).
        epsilon: probability of a uniformly random action, in [0, 1].
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        An action, a Python int in [0, A).
    """
    A = len(q_values)
    if rng.random() < epsilon:
        return int(rng.integers(0, A - 1))
    best = np.flatnonzero(np.isclose(q_values, np.max(q_values)))
    return int(rng.choice(best))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('I returned the numpy integer from rng.choice without converting it to a Python int', 'epsilon_greedy', '''def epsilon_greedy(q_values, epsilon, rng):
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
        return rng.integers(q_values.size)
    return rng.choice(np.flatnonzero(q_values == q_values.max()))
''', ('03.epsilon_greedy', '03.epsilon_greedy.hidden')),
    Mutant('I returned the TD error computed after the update instead of before', 'q_learning_update', '''def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
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
    target = reward if terminated else reward + gamma * Q[next_state].max()
    Q[state, action] += alpha * (target - Q[state, action])
    return target - Q[state, action]
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('I always bootstrapped from the next state, ignoring terminated', 'q_learning_update', '''def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
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
    target = reward + gamma * np.max(Q[next_state])
    td = target - Q[state, action]
    Q[state, action] += alpha * td
    return td
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('I bootstrapped from Q[next_state, action] (the same action) instead of the max over next actions', 'q_learning_update', '''def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
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
    target = reward
    if not terminated:
        target += gamma * Q[next_state, action]
    td = target - Q[state, action]
    Q[state, action] += alpha * td
    return td
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant("I copied Q first to avoid side effects, so the caller's table never changes", 'q_learning_update', '''def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
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
    Q = Q.copy()
    target = reward if terminated else reward + gamma * Q[next_state].max()
    td = target - Q[state, action]
    Q[state, action] = Q[state, action] + alpha * td
    return td
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('I returned alpha times the TD error (the size of the step) instead of the TD error', 'q_learning_update', '''def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
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
    target = reward + (0.0 if terminated else gamma * Q[next_state].max())
    step = alpha * (target - Q[state, action])
    Q[state, action] += step
    return step
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('a terminal state has value 0, so I set the whole target to 0 when terminated', 'q_learning_update', '''def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
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
    if terminated:
        target = 0.0
    else:
        target = reward + gamma * np.max(Q[next_state])
    td = target - Q[state, action]
    Q[state, action] += alpha * td
    return td
''', ('03.q_learning_update', '03.q_learning_update.hidden')),
    Mutant('I used integer division for the fraction, so the value jumps from start to end', 'linear_schedule', '''def linear_schedule(episode, start, end, decay_episodes):
    """Linear interpolation from `start` (episode 0) to `end` (episode decay_episodes and later).

    Args:
        episode: the episode number, counted from 0.
        start: the value at episode 0.
        end: the value from episode `decay_episodes` on.
        decay_episodes: length of the decay, >= 1.

    Returns:
        The value for this episode, a float.
    """
    frac = min(1, episode // decay_episodes)
    return float(start + (end - start) * frac)
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('I forgot to clamp, so after decay_episodes the value keeps going past end', 'linear_schedule', '''def linear_schedule(episode, start, end, decay_episodes):
    """Linear interpolation from `start` (episode 0) to `end` (episode decay_episodes and later).

    Args:
        episode: the episode number, counted from 0.
        start: the value at episode 0.
        end: the value from episode `decay_episodes` on.
        decay_episodes: length of the decay, >= 1.

    Returns:
        The value for this episode, a float.
    """
    return float(start + (end - start) * episode / decay_episodes)
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('I counted episodes from 1, so episode 0 is already one step into the decay', 'linear_schedule', '''def linear_schedule(episode, start, end, decay_episodes):
    """Linear interpolation from `start` (episode 0) to `end` (episode decay_episodes and later).

    Args:
        episode: the episode number, counted from 0.
        start: the value at episode 0.
        end: the value from episode `decay_episodes` on.
        decay_episodes: length of the decay, >= 1.

    Returns:
        The value for this episode, a float.
    """
    progress = min(1.0, (episode + 1) / decay_episodes)
    return float(start + progress * (end - start))
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('I clipped the result into [end, start], which only works for decreasing schedules', 'linear_schedule', '''def linear_schedule(episode, start, end, decay_episodes):
    """Linear interpolation from `start` (episode 0) to `end` (episode decay_episodes and later).

    Args:
        episode: the episode number, counted from 0.
        start: the value at episode 0.
        end: the value from episode `decay_episodes` on.
        decay_episodes: length of the decay, >= 1.

    Returns:
        The value for this episode, a float.
    """
    value = start + (end - start) * episode / decay_episodes
    return float(np.clip(value, end, start))
''', ('03.linear_schedule.hidden',)),
    Mutant('I interpolated the wrong way round, from end to start', 'linear_schedule', '''def linear_schedule(episode, start, end, decay_episodes):
    """Linear interpolation from `start` (episode 0) to `end` (episode decay_episodes and later).

    Args:
        episode: the episode number, counted from 0.
        start: the value at episode 0.
        end: the value from episode `decay_episodes` on.
        decay_episodes: length of the decay, >= 1.

    Returns:
        The value for this episode, a float.
    """
    t = min(1.0, episode / decay_episodes)
    return float(end + (start - end) * t)
''', ('03.linear_schedule', '03.linear_schedule.hidden')),
    Mutant('I passed terminated or truncated to the update, so time limits are treated as terminal', 'train_q_learning', '''def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
        while not done:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            done = terminated or truncated
            q_learning_update(Q, state, action, reward, next_state, done, alpha, config.gamma)
            total += reward
            state = next_state
        returns.append(total)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('I reset the environment with seed=config.seed in every episode', 'train_q_learning', '''def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('I decayed alpha over eps_decay_episodes like epsilon instead of over all episodes', 'train_q_learning', '''def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.eps_decay_episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total = 0.0
        while True:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(Q, state, action, reward, next_state, terminated, alpha, config.gamma)
            total += reward
            state = next_state
            if terminated or truncated:
                break
        returns.append(total)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('I created the rng inside the episode loop, so every episode replays the same random numbers', 'train_q_learning', '''def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        rng = np.random.default_rng(config.seed)
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('I called the callback with episode + 1 because I think of episodes as counted from 1', 'train_q_learning', '''def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        total, done = 0.0, False
        while not done:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(Q, state, action, reward, next_state, terminated, alpha, config.gamma)
            total += reward
            state = next_state
            done = terminated or truncated
        returns.append(total)
        if callback is not None:
            callback(episode + 1, Q)
    return Q, returns
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('I never passed the seed to env.reset, only to the rng', 'train_q_learning', '''def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset()
        total, done = 0.0, False
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
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
    Mutant('I recorded the discounted return of each episode instead of the plain sum of rewards', 'train_q_learning', '''def train_q_learning(env, config, callback=None):
    """Train a Q-table on a discrete environment with Q-learning.

    Args:
        env: a Gymnasium environment with Discrete observation and action spaces.
        config: a QLearningConfig.
        callback: None, or a function callback(episode, Q) called after every episode.

    Returns:
        (Q, returns): the Q-table, shape (n_states, n_actions), and the list of the
        (undiscounted) return of every episode.
    """
    rng = np.random.default_rng(config.seed)
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    returns = []
    for episode in range(config.episodes):
        epsilon = linear_schedule(episode, config.eps_start, config.eps_end, config.eps_decay_episodes)
        alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)
        state, _ = env.reset(seed=config.seed if episode == 0 else None)
        G, discount, done = 0.0, 1.0, False
        while not done:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(Q, state, action, reward, next_state, terminated, alpha, config.gamma)
            G += discount * reward
            discount *= config.gamma
            state = next_state
            done = terminated or truncated
        returns.append(G)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
''', ('03.train_q_learning', '03.train_q_learning.hidden')),
)

#: (mistake, function, why no check catches it: the examiner's description)
UNCAUGHT = (
)
