"""Typical mistakes in notebook 03 (tabular Q-learning), each a mutant of the reference."""

import functools

from autograder.mutants import Mutant, edit

EG, EGH = "03.epsilon_greedy", "03.epsilon_greedy.hidden"
QU, QUH = "03.q_learning_update", "03.q_learning_update.hidden"
LS, LSH = "03.linear_schedule", "03.linear_schedule.hidden"
TQ, TQH = "03.train_q_learning", "03.train_q_learning.hidden"

_edit = functools.partial(edit, notebook="03_q_learning")

_EXPLORE = "    if rng.random() < epsilon:\n        return int(rng.integers(len(q_values)))\n"
_BEST = ("    best = np.flatnonzero(q_values == np.max(q_values))  # all maximal actions\n"
         "    return int(best[rng.integers(len(best))])")
_TARGET = "    target = reward if terminated else reward + gamma * np.max(Q[next_state])\n"
_FRACTION = "fraction = min(1.0, episode / decay_episodes)"


MUTANTS = (
    _edit("ties always resolved to action 0 (np.argmax)", "epsilon_greedy",
          {_BEST: "    return int(np.argmax(q_values))"}, (EG, EGH)),
    Mutant("explores only among the non-greedy actions", "epsilon_greedy", '''
def epsilon_greedy(q_values, epsilon, rng):
    best = np.flatnonzero(q_values == np.max(q_values))
    if rng.random() < epsilon:
        others = [a for a in range(len(q_values)) if a not in best]
        if others:
            return int(rng.choice(others))
    return int(rng.choice(best))
''', (EG, EGH)),
    _edit("draws from np.random instead of the rng it is given", "epsilon_greedy",
          {"rng.random() < epsilon": "np.random.random() < epsilon",
           "int(rng.integers(len(q_values)))": "int(np.random.randint(len(q_values)))",
           "best[rng.integers(len(best))]": "best[np.random.randint(len(best))]"}, (EG, EGH)),
    _edit("greedy with probability epsilon (inverted test)", "epsilon_greedy",
          {"rng.random() < epsilon": "rng.random() > epsilon"}, (EG, EGH)),
    _edit("random action from integers(0, A - 1): never the last action", "epsilon_greedy",
          {"rng.integers(len(q_values))": "rng.integers(0, len(q_values) - 1)"}, (EG, EGH)),
    _edit("ignores epsilon", "epsilon_greedy", {_EXPLORE: ""}, (EG, EGH)),
    _edit("bootstraps from a terminal state", "q_learning_update",
          {"target = reward if terminated else reward + gamma": "target = reward + gamma"},
          (QU, QUH)),
    _edit("uses the current state's max", "q_learning_update",
          {"np.max(Q[next_state])": "np.max(Q[state])"}, (QU, QUH)),
    _edit("applies the discount twice", "q_learning_update",
          {"gamma * np.max(Q[next_state])": "gamma * gamma * np.max(Q[next_state])"}, (QU, QUH)),
    _edit("bootstraps from Q[next_state, action] instead of the max", "q_learning_update",
          {"np.max(Q[next_state])": "Q[next_state, action]"}, (QU, QUH)),
    _edit("overwrites Q[s, a] with the target (forgets alpha)", "q_learning_update",
          {"Q[state, action] += alpha * td_error": "Q[state, action] = target"}, (QU, QUH)),
    _edit("updates a copy instead of Q in place", "q_learning_update",
          {_TARGET: "    Q = Q.copy()\n" + _TARGET}, (QU, QUH)),
    _edit("returns the TD error after the update", "q_learning_update",
          {"return float(td_error)": "return float(target - Q[state, action])"}, (QU, QUH)),
    _edit("running max of the next values started at 0", "q_learning_update",
          {_TARGET: "    best = 0.0\n"
                    "    for value in Q[next_state]:\n"
                    "        best = max(best, value)\n"
                    "    target = reward if terminated else reward + gamma * best\n"}, (QU, QUH)),
    _edit("never stops decaying (no clamp)", "linear_schedule",
          {_FRACTION: "fraction = episode / decay_episodes"}, (LS, LSH)),
    _edit("integer division", "linear_schedule",
          {_FRACTION: "fraction = min(1, episode // decay_episodes)"}, (LS, LSH)),
    _edit("off by one: episode 0 already decayed", "linear_schedule",
          {_FRACTION: "fraction = min(1.0, (episode + 1) / decay_episodes)"}, (LS, LSH)),
    _edit("clamps with max(end, value): wrong for increasing schedules", "linear_schedule",
          {_FRACTION: "fraction = episode / decay_episodes",
           "return float(start + (end - start) * fraction)":
           "return float(max(end, start + (end - start) * fraction))"}, (LSH,)),
    _edit("treats a time limit as a terminal state", "train_q_learning",
          {"next_state, terminated, alpha": "next_state, terminated or truncated, alpha"},
          (TQ, TQH)),
    _edit("re-seeds the environment at every reset", "train_q_learning",
          {"env.reset(seed=config.seed if episode == 0 else None)": "env.reset(seed=config.seed)"},
          (TQ, TQH)),
    _edit("forgets to move to the next state", "train_q_learning",
          {"state, done = next_state, terminated or truncated": "done = terminated or truncated"},
          (TQ, TQH)),
    _edit("starts every episode from a fresh Q-table", "train_q_learning",
          {"        total, done = 0.0, False\n":
           "        total, done = 0.0, False\n"
           "        Q = np.zeros((env.observation_space.n, env.action_space.n))\n"}, (TQ, TQH)),
    _edit("records discounted returns", "train_q_learning",
          {"total += reward": "total += config.gamma ** steps * reward\n            steps += 1",
           "total, done = 0.0, False": "total, done, steps = 0.0, False, 0"}, (TQ, TQH)),
    _edit("keeps alpha at alpha_start", "train_q_learning",
          {"alpha = linear_schedule(episode, config.alpha_start, config.alpha_end, config.episodes)":
           "alpha = config.alpha_start"}, (TQ, TQH)),
    _edit("numbers the callback's episodes from 1", "train_q_learning",
          {"    callback(episode, Q)": "    callback(episode + 1, Q)"}, (TQ, TQH)),
    _edit("loops until terminated only", "train_q_learning",
          {"state, done = next_state, terminated or truncated": "state, done = next_state, terminated"},
          (TQ, TQH)),
)
