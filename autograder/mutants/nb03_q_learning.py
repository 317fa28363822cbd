"""Typical mistakes in notebook 03 (tabular Q-learning), each a mutant of the reference."""

from autograder.mutants import Mutant

EG, EGH = "03.epsilon_greedy", "03.epsilon_greedy.hidden"
QU, QUH = "03.q_learning_update", "03.q_learning_update.hidden"
LS, LSH = "03.linear_schedule", "03.linear_schedule.hidden"
TQ, TQH = "03.train_q_learning", "03.train_q_learning.hidden"

_LOOP = '''
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
            state, done = next_state, terminated or truncated
        returns.append(total)
        if callback is not None:
            callback(episode, Q)
    return Q, returns
'''


def _loop(old: str, new: str) -> str:
    """The reference training loop with one line changed."""
    assert old in _LOOP, old
    return _LOOP.replace(old, new)


MUTANTS = (
    Mutant("ties always resolved to action 0 (np.argmax)", "epsilon_greedy", '''
def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    return int(np.argmax(q_values))
''', (EG, EGH)),
    Mutant("explores only among the non-greedy actions", "epsilon_greedy", '''
def epsilon_greedy(q_values, epsilon, rng):
    best = np.flatnonzero(q_values == np.max(q_values))
    if rng.random() < epsilon:
        others = [a for a in range(len(q_values)) if a not in best]
        if others:
            return int(rng.choice(others))
    return int(rng.choice(best))
''', (EG, EGH)),
    Mutant("draws from np.random instead of the rng it is given", "epsilon_greedy", '''
def epsilon_greedy(q_values, epsilon, rng):
    if np.random.random() < epsilon:
        return int(np.random.randint(len(q_values)))
    best = np.flatnonzero(q_values == np.max(q_values))
    return int(np.random.choice(best))
''', (EG,)),
    Mutant("greedy with probability epsilon (inverted test)", "epsilon_greedy", '''
def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() > epsilon:
        return int(rng.integers(len(q_values)))
    best = np.flatnonzero(q_values == np.max(q_values))
    return int(rng.choice(best))
''', (EG, EGH)),
    Mutant("random action from integers(0, A - 1): never the last action", "epsilon_greedy", '''
def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(0, len(q_values) - 1))
    best = np.flatnonzero(q_values == np.max(q_values))
    return int(rng.choice(best))
''', (EG, EGH)),
    Mutant("ignores epsilon", "epsilon_greedy", '''
def epsilon_greedy(q_values, epsilon, rng):
    best = np.flatnonzero(q_values == np.max(q_values))
    return int(rng.choice(best))
''', (EG, EGH)),
    Mutant("bootstraps from a terminal state", "q_learning_update", '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward + gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return float(td_error)
''', (QU, QUH)),
    Mutant("uses the current state's max", "q_learning_update", '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * np.max(Q[state])
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return float(td_error)
''', (QU, QUH)),
    Mutant("applies the discount twice", "q_learning_update", '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return float(td_error)
''', (QU, QUH)),
    Mutant("bootstraps from Q[next_state, action] instead of the max", "q_learning_update", '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * Q[next_state, action]
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return float(td_error)
''', (QU, QUH)),
    Mutant("overwrites Q[s, a] with the target (forgets alpha)", "q_learning_update", '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] = target
    return float(td_error)
''', (QU, QUH)),
    Mutant("updates a copy instead of Q in place", "q_learning_update", '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    Q = Q.copy()
    target = reward if terminated else reward + gamma * np.max(Q[next_state])
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return float(td_error)
''', (QU, QUH)),
    Mutant("returns the TD error after the update", "q_learning_update", '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    target = reward if terminated else reward + gamma * np.max(Q[next_state])
    Q[state, action] += alpha * (target - Q[state, action])
    return float(target - Q[state, action])
''', (QU, QUH)),
    Mutant("running max of the next values started at 0", "q_learning_update", '''
def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    best = 0.0
    for value in Q[next_state]:
        best = max(best, value)
    target = reward if terminated else reward + gamma * best
    td_error = target - Q[state, action]
    Q[state, action] += alpha * td_error
    return float(td_error)
''', (QU, QUH)),
    Mutant("never stops decaying (no clamp)", "linear_schedule", '''
def linear_schedule(episode, start, end, decay_episodes):
    return float(start + (end - start) * episode / decay_episodes)
''', (LS, LSH)),
    Mutant("integer division", "linear_schedule", '''
def linear_schedule(episode, start, end, decay_episodes):
    return float(start + (end - start) * min(1, episode // decay_episodes))
''', (LS,)),
    Mutant("off by one: episode 0 already decayed", "linear_schedule", '''
def linear_schedule(episode, start, end, decay_episodes):
    return float(start + (end - start) * min(1.0, (episode + 1) / decay_episodes))
''', (LS, LSH)),
    Mutant("clamps with max(end, value): wrong for increasing schedules", "linear_schedule", '''
def linear_schedule(episode, start, end, decay_episodes):
    return float(max(end, start + (end - start) * episode / decay_episodes))
''', (LSH,)),
    Mutant("treats a time limit as a terminal state", "train_q_learning",
           _loop("q_learning_update(Q, state, action, reward, next_state, terminated, alpha",
                 "q_learning_update(Q, state, action, reward, next_state, terminated or truncated, alpha"),
           (TQ, TQH)),
    Mutant("re-seeds the environment at every reset", "train_q_learning",
           _loop("env.reset(seed=config.seed if episode == 0 else None)", "env.reset(seed=config.seed)"),
           (TQ, TQH)),
    Mutant("forgets to move to the next state", "train_q_learning",
           _loop("state, done = next_state, terminated or truncated", "done = terminated or truncated"),
           (TQ, TQH)),
    Mutant("starts every episode from a fresh Q-table", "train_q_learning",
           _loop("        total, done = 0.0, False\n",
                 "        total, done = 0.0, False\n"
                 "        Q = np.zeros((env.observation_space.n, env.action_space.n))\n"),
           (TQ, TQH)),
    Mutant("records discounted returns", "train_q_learning",
           _loop("total += reward", "total += config.gamma ** steps * reward\n            steps += 1")
           .replace("total, done = 0.0, False", "total, done, steps = 0.0, False, 0"),
           (TQ, TQH)),
    Mutant("keeps alpha at alpha_start", "train_q_learning",
           _loop("alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)",
                 "alpha = config.alpha_start"),
           (TQ,)),
    Mutant("numbers the callback's episodes from 1", "train_q_learning",
           _loop("callback(episode, Q)", "callback(episode + 1, Q)"),
           (TQ, TQH)),
    Mutant("loops until terminated only", "train_q_learning",
           _loop("state, done = next_state, terminated or truncated", "state, done = next_state, terminated"),
           (TQ, TQH)),
)
