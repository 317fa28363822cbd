"""Mistakes in notebook 02 written by a blind examiner, who read only the student notebook
(its text and stubs), never the checks, the hidden tests or the other mutants.

``MUTANTS`` lose points in the checks named (measured when they were added; ``tests/test_course.py``
keeps it so). ``UNCAUGHT`` are the examiner's mistakes no check catches yet, kept to be worked on.
"""

from autograder.mutants import Mutant

MUTANTS = (
    Mutant('summed over the wrong axis', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    V = Q.max(axis=1)
    return np.sum(P * (R + gamma * V), axis=1)
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('value of the current state instead of the next state', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    V = Q.max(axis=1, keepdims=True)      # (S, 1)
    return np.sum(P * R, axis=2) + gamma * V
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('discounted the reward too', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    V = Q.max(axis=1)
    return gamma * np.sum(P * (R + V), axis=2)
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('reward summed over next states without the probabilities', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    V = Q.max(axis=1)
    return R.sum(axis=2) + gamma * P @ V
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('averaged over next actions instead of taking the max', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    V = Q.mean(axis=1)
    return np.sum(P * (R + gamma * V), axis=2)
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('in-place loop update (uses values already updated in this sweep)', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    S, A = Q.shape
    for s in range(S):
        for a in range(A):
            Q[s, a] = np.sum(P[s, a] * (R[s, a] + gamma * Q.max(axis=1)))
    return Q
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('result array made with zeros_like(Q)', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    Q_next = np.zeros_like(Q)
    V = Q.max(axis=1)
    for s in range(Q.shape[0]):
        for a in range(Q.shape[1]):
            Q_next[s, a] = P[s, a] @ (R[s, a] + gamma * V)
    return Q_next
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('overwrote Q with the new values and returned it', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    Q[:] = np.sum(P * (R + gamma * Q.max(axis=1)), axis=2)
    return Q
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('used the largest value of the whole table', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    return np.sum(P * (R + gamma * np.max(Q)), axis=2)
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('returned the Q from before the last sweep', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for n in range(1, max_sweeps + 1):
        Q_new = bellman_backup(Q, P, R, gamma)
        if np.max(np.abs(Q_new - Q)) < tol:
            break
        Q = Q_new
    return Q, n
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('sweep count starts at 0 and misses the last sweep', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for k in range(max_sweeps):
        Q_new = bellman_backup(Q, P, R, gamma)
        done = np.max(np.abs(Q_new - Q)) < tol
        Q = Q_new
        if done:
            return Q, k
    return Q, max_sweeps
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('no absolute value in the change', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    n = 0
    while n < max_sweeps:
        Q_new = bellman_backup(Q, P, R, gamma)
        n += 1
        change = np.max(Q_new - Q)
        Q = Q_new
        if change < tol:
            break
    return Q, n
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('hard-coded the 10,000 sweeps cap', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for n in range(1, 10_001):
        Q_new = bellman_backup(Q, P, R, gamma)
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new, n
        Q = Q_new
    return Q, n
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('one sweep too many allowed (<= max_sweeps)', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    n = 0
    while n <= max_sweeps:
        Q_new = bellman_backup(Q, P, R, gamma)
        n += 1
        if np.max(np.abs(Q_new - Q)) < tol:
            Q = Q_new
            break
        Q = Q_new
    return Q, n
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('mean change instead of max change', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for n in range(1, max_sweeps + 1):
        Q_new = bellman_backup(Q, P, R, gamma)
        delta = np.mean(np.abs(Q_new - Q))
        Q = Q_new
        if delta < tol:
            break
    return Q, n
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('textbook epsilon-optimal stopping rule', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    threshold = tol * (1 - gamma) / (2 * gamma) if gamma > 0 else tol
    for n in range(1, max_sweeps + 1):
        Q_new = bellman_backup(Q, P, R, gamma)
        delta = np.max(np.abs(Q_new - Q))
        Q = Q_new
        if delta < threshold:
            break
    return Q, n
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('the tolerance compared with <=', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for n in range(1, max_sweeps + 1):
        Q_new = bellman_backup(Q, P, R, gamma)
        delta = np.max(np.abs(Q_new - Q))
        Q = Q_new
        if delta <= tol:
            break
    return Q, n
''', ('02.q_value_iteration.hidden',)),
    Mutant('argmax over axis 0', 'greedy_policy', '''
def greedy_policy(Q):
    return np.argmax(Q, axis=0)
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('returned the best values instead of the best actions', 'greedy_policy', '''
def greedy_policy(Q):
    return np.max(Q, axis=1)
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('ties go to the last best action (>= in my loop)', 'greedy_policy', '''
def greedy_policy(Q):
    S, A = Q.shape
    policy = np.zeros(S, dtype=int)
    for s in range(S):
        best = -np.inf
        for a in range(A):
            if Q[s, a] >= best:
                best = Q[s, a]
                policy[s] = a
    return policy
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('random tie-breaking like in Q-learning', 'greedy_policy', '''
def greedy_policy(Q):
    policy = []
    for row in Q:
        best = np.flatnonzero(row == row.max())
        policy.append(np.random.choice(best))
    return np.array(policy)
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('policy array created with np.zeros (floats)', 'greedy_policy', '''
def greedy_policy(Q):
    policy = np.zeros(Q.shape[0])
    for s in range(Q.shape[0]):
        policy[s] = np.argmax(Q[s])
    return policy
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('one-hot policy matrix', 'greedy_policy', '''
def greedy_policy(Q):
    return (Q == Q.max(axis=1, keepdims=True)).astype(int)
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('M uses the policy of the current state', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    r = (P * R).sum(axis=2).reshape(-1)
    M = np.zeros((S * A, S * A))
    for s in range(S):
        for a in range(A):
            for s2 in range(S):
                M[s * A + a, s2 * A + policy[s]] += P[s, a, s2]
    return np.linalg.solve(np.eye(S * A) - gamma * M, r).reshape(S, A)
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('kept the same action a in the next state', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    r = (P * R).sum(axis=2).reshape(-1)
    M = np.zeros((S * A, S * A))
    for s in range(S):
        for a in range(A):
            for s2 in range(S):
                M[s * A + a, s2 * A + a] = P[s, a, s2]
    return np.linalg.solve(np.eye(S * A) - gamma * M, r).reshape(S, A)
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('index a*S + s in M but reshape(S, A) at the end', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    r = (P * R).sum(axis=2).reshape(-1)
    M = np.zeros((S * A, S * A))
    for s in range(S):
        for a in range(A):
            for s2 in range(S):
                M[a * S + s, policy[s2] * S + s2] = P[s, a, s2]
    q = np.linalg.solve(np.eye(S * A) - gamma * M, r)
    return q.reshape(S, A)
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('a hundred sweeps of the backup without the max', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    r = (P * R).sum(axis=2)
    Q = np.zeros((S, A))
    for _ in range(100):
        Q = r + gamma * P @ Q[np.arange(S), policy]
    return Q
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('iterate until the change is below 1e-6', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    r = (P * R).sum(axis=2)
    Q = np.zeros((S, A))
    while True:
        Q_new = r + gamma * P @ Q[np.arange(S), policy]
        if np.max(np.abs(Q_new - Q)) < 1e-6:
            return Q_new
        Q = Q_new
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('used Q-value iteration (the max) for the policy', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    Q, _ = q_value_iteration(P, R, gamma, tol=1e-12)
    return Q
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('solved for V^pi and copied it to every action', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    idx = np.arange(S)
    r = (P * R).sum(axis=2)
    P_pi = P[idx, policy]
    V = np.linalg.solve(np.eye(S) - gamma * P_pi, r[idx, policy])
    return np.repeat(V[:, None], A, axis=1)
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('transposed M in the solve', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A = P.shape[:2]
    M = np.zeros((S, A, S, A))
    M[:, :, np.arange(S), policy] = P
    M = M.reshape(S * A, S * A)
    r = (P * R).sum(axis=2).ravel()
    return np.linalg.solve(np.eye(S * A) - gamma * M.T, r).reshape(S, A)
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Mutant('I took the max over axis 0 instead of axis 1', 'bellman_backup', '''def bellman_backup(Q, P, R, gamma):
    """One sweep of Q-value iteration: the Bellman optimality backup of every (s, a).

    Q_next[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * max_a2 Q[s2, a2])

    Args:
        Q: current action values, shape (S, A). Must not be modified.
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_next: a new array of shape (S, A).
    """
    return (P * (R + gamma * Q.max(axis=0))).sum(axis=2)
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant("I wrote the result back into Q with Q[:] = ... and returned it, so the caller's array is modified", 'bellman_backup', '''def bellman_backup(Q, P, R, gamma):
    """One sweep of Q-value iteration: the Bellman optimality backup of every (s, a).

    Q_next[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * max_a2 Q[s2, a2])

    Args:
        Q: current action values, shape (S, A). Must not be modified.
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_next: a new array of shape (S, A).
    """
    V = Q.max(axis=1)
    Q[:] = np.sum(P * (R + gamma * V), axis=2)
    return Q
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('I updated a copy of Q state by state inside the loop, so later states already use the new values (Gauss-Seidel, not a sweep from the old Q)', 'bellman_backup', '''def bellman_backup(Q, P, R, gamma):
    """One sweep of Q-value iteration: the Bellman optimality backup of every (s, a).

    Q_next[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * max_a2 Q[s2, a2])

    Args:
        Q: current action values, shape (S, A). Must not be modified.
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_next: a new array of shape (S, A).
    """
    Q_new = Q.copy()
    S, A = Q.shape
    for s in range(S):
        for a in range(A):
            Q_new[s, a] = np.sum(P[s, a] * (R[s, a] + gamma * Q_new.max(axis=1)))
    return Q_new
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('I broadcast V on the first axis, so the max is taken of the current state, not the next one', 'bellman_backup', '''def bellman_backup(Q, P, R, gamma):
    """One sweep of Q-value iteration: the Bellman optimality backup of every (s, a).

    Q_next[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * max_a2 Q[s2, a2])

    Args:
        Q: current action values, shape (S, A). Must not be modified.
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_next: a new array of shape (S, A).
    """
    V = Q.max(axis=1)
    return (P * (R + gamma * V[:, None, None])).sum(axis=-1)
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('I averaged over the next states with mean instead of weighting by P', 'bellman_backup', '''def bellman_backup(Q, P, R, gamma):
    """One sweep of Q-value iteration: the Bellman optimality backup of every (s, a).

    Q_next[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * max_a2 Q[s2, a2])

    Args:
        Q: current action values, shape (S, A). Must not be modified.
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_next: a new array of shape (S, A).
    """
    V = Q.max(axis=1)
    return np.mean(R + gamma * V, axis=2)
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('I summed R over the next states without weighting it by the probabilities (only the future part is weighted)', 'bellman_backup', '''def bellman_backup(Q, P, R, gamma):
    """One sweep of Q-value iteration: the Bellman optimality backup of every (s, a).

    Q_next[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * max_a2 Q[s2, a2])

    Args:
        Q: current action values, shape (S, A). Must not be modified.
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_next: a new array of shape (S, A).
    """
    return R.sum(axis=2) + gamma * P @ Q.max(axis=1)
''', ('02.bellman_backup', '02.bellman_backup.hidden')),
    Mutant('I counted the sweeps from 0, so the count is one less than the number of backups applied', 'q_value_iteration', '''def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    """Q-value iteration from Q = 0 until a sweep changes no value by `tol` or more.

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.
        tol: stop after the first sweep whose max |Q_new - Q| is below tol.
        max_sweeps: stop after this many sweeps at the latest (at least 1).

    Returns:
        (Q, n_sweeps): the last Q, shape (S, A), and the number of backups applied.
    """
    Q = np.zeros(P.shape[:2])
    for k in range(max_sweeps):
        Q_new = bellman_backup(Q, P, R, gamma)
        delta = np.max(np.abs(Q_new - Q))
        Q = Q_new
        if delta < tol:
            break
    return Q, k
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('I used the mean absolute change as the stopping criterion instead of the max', 'q_value_iteration', '''def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    """Q-value iteration from Q = 0 until a sweep changes no value by `tol` or more.

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.
        tol: stop after the first sweep whose max |Q_new - Q| is below tol.
        max_sweeps: stop after this many sweeps at the latest (at least 1).

    Returns:
        (Q, n_sweeps): the last Q, shape (S, A), and the number of backups applied.
    """
    Q = np.zeros(P.shape[:2])
    n = 0
    while n < max_sweeps:
        Q_new = bellman_backup(Q, P, R, gamma)
        n += 1
        delta = np.mean(np.abs(Q_new - Q))
        Q = Q_new
        if delta < tol:
            break
    return Q, n
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('I forgot the abs in the change, so a sweep where values only go down looks converged', 'q_value_iteration', '''def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    """Q-value iteration from Q = 0 until a sweep changes no value by `tol` or more.

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.
        tol: stop after the first sweep whose max |Q_new - Q| is below tol.
        max_sweeps: stop after this many sweeps at the latest (at least 1).

    Returns:
        (Q, n_sweeps): the last Q, shape (S, A), and the number of backups applied.
    """
    Q = np.zeros(P.shape[:2])
    for n in range(1, max_sweeps + 1):
        Q_new = bellman_backup(Q, P, R, gamma)
        converged = np.max(Q_new - Q) < tol
        Q = Q_new
        if converged:
            break
    return Q, n
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('I looped until convergence and forgot to stop at max_sweeps', 'q_value_iteration', '''def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    """Q-value iteration from Q = 0 until a sweep changes no value by `tol` or more.

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.
        tol: stop after the first sweep whose max |Q_new - Q| is below tol.
        max_sweeps: stop after this many sweeps at the latest (at least 1).

    Returns:
        (Q, n_sweeps): the last Q, shape (S, A), and the number of backups applied.
    """
    Q = np.zeros(P.shape[:2])
    n_sweeps = 0
    while True:
        Q_new = bellman_backup(Q, P, R, gamma)
        n_sweeps += 1
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new, n_sweeps
        Q = Q_new
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('I returned only Q, not the pair (Q, n_sweeps)', 'q_value_iteration', '''def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    """Q-value iteration from Q = 0 until a sweep changes no value by `tol` or more.

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        gamma: discount factor, 0 <= gamma < 1.
        tol: stop after the first sweep whose max |Q_new - Q| is below tol.
        max_sweeps: stop after this many sweeps at the latest (at least 1).

    Returns:
        (Q, n_sweeps): the last Q, shape (S, A), and the number of backups applied.
    """
    Q = np.zeros(P.shape[:2])
    for _ in range(max_sweeps):
        Q_new = bellman_backup(Q, P, R, gamma)
        if np.abs(Q_new - Q).max() < tol:
            return Q_new
        Q = Q_new
    return Q
''', ('02.q_value_iteration', '02.q_value_iteration.hidden')),
    Mutant('I took the argmax over axis 0 (over states) instead of over actions', 'greedy_policy', '''def greedy_policy(Q):
    """The greedy policy of Q: one action per state, ties broken toward the smallest index.

    Args:
        Q: action values, shape (S, A).

    Returns:
        policy: integer array of shape (S,), policy[s] = argmax_a Q[s, a].
    """
    return np.argmax(Q, axis=0)
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('I took the last column of argsort, which picks the largest index among tied actions', 'greedy_policy', '''def greedy_policy(Q):
    """The greedy policy of Q: one action per state, ties broken toward the smallest index.

    Args:
        Q: action values, shape (S, A).

    Returns:
        policy: integer array of shape (S,), policy[s] = argmax_a Q[s, a].
    """
    return np.argsort(Q, axis=1)[:, -1]
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('I returned the best values Q.max(axis=1) instead of the best actions', 'greedy_policy', '''def greedy_policy(Q):
    """The greedy policy of Q: one action per state, ties broken toward the smallest index.

    Args:
        Q: action values, shape (S, A).

    Returns:
        policy: integer array of shape (S,), policy[s] = argmax_a Q[s, a].
    """
    return Q.max(axis=1)
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('I called np.argmax(Q) without an axis, which gives one flat index', 'greedy_policy', '''def greedy_policy(Q):
    """The greedy policy of Q: one action per state, ties broken toward the smallest index.

    Args:
        Q: action values, shape (S, A).

    Returns:
        policy: integer array of shape (S,), policy[s] = argmax_a Q[s, a].
    """
    return np.argmax(Q)
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('I broke ties at random among the best actions, like notebook 03, instead of toward the smallest index', 'greedy_policy', '''def greedy_policy(Q):
    """The greedy policy of Q: one action per state, ties broken toward the smallest index.

    Args:
        Q: action values, shape (S, A).

    Returns:
        policy: integer array of shape (S,), policy[s] = argmax_a Q[s, a].
    """
    rng = np.random.default_rng()
    return np.array([rng.choice(np.flatnonzero(q == q.max())) for q in Q])
''', ('02.greedy_policy', '02.greedy_policy.hidden')),
    Mutant('I built M correctly but solved with M transposed', 'evaluate_policy', '''def evaluate_policy(P, R, policy, gamma):
    """The exact action values Q^pi of a deterministic policy.

    Q^pi[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * Q^pi[s2, policy[s2]])

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        policy: integer array of shape (S,), the action taken in each state.
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_pi: array of shape (S, A).
    """
    S, A, _ = P.shape
    r = (P * R).sum(axis=2).reshape(-1)
    M = np.zeros((S * A, S * A))
    cols = np.arange(S) * A + np.asarray(policy)
    M[:, cols] = P.reshape(S * A, S)
    q = np.linalg.solve(np.eye(S * A) - gamma * M.T, r)
    return q.reshape(S, A)
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('I returned the state values V^pi (shape (S,)) instead of Q^pi', 'evaluate_policy', '''def evaluate_policy(P, R, policy, gamma):
    """The exact action values Q^pi of a deterministic policy.

    Q^pi[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * Q^pi[s2, policy[s2]])

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        policy: integer array of shape (S,), the action taken in each state.
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_pi: array of shape (S, A).
    """
    S = P.shape[0]
    idx = np.arange(S)
    P_pi = P[idx, policy]
    r_pi = (P[idx, policy] * R[idx, policy]).sum(axis=1)
    return np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('I iterated the backup without the max a fixed 100 times, which I thought was enough', 'evaluate_policy', '''def evaluate_policy(P, R, policy, gamma):
    """The exact action values Q^pi of a deterministic policy.

    Q^pi[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * Q^pi[s2, policy[s2]])

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        policy: integer array of shape (S,), the action taken in each state.
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_pi: array of shape (S, A).
    """
    S, A, _ = P.shape
    Q = np.zeros((S, A))
    for _ in range(100):
        next_values = Q[np.arange(S), policy]
        Q = np.sum(P * (R + gamma * next_values), axis=2)
    return Q
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('I reused value iteration, so I get Q* whatever the policy is', 'evaluate_policy', '''def evaluate_policy(P, R, policy, gamma):
    """The exact action values Q^pi of a deterministic policy.

    Q^pi[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * Q^pi[s2, policy[s2]])

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        policy: integer array of shape (S,), the action taken in each state.
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_pi: array of shape (S, A).
    """
    Q, _ = q_value_iteration(P, R, gamma, tol=1e-12)
    return Q
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
    Mutant('I flattened with index s*A + a but reshaped the solution as (A, S) and transposed', 'evaluate_policy', '''def evaluate_policy(P, R, policy, gamma):
    """The exact action values Q^pi of a deterministic policy.

    Q^pi[s, a] = sum_s2 P[s, a, s2] * (R[s, a, s2] + gamma * Q^pi[s2, policy[s2]])

    Args:
        P: transition probabilities, shape (S, A, S).
        R: rewards, shape (S, A, S).
        policy: integer array of shape (S,), the action taken in each state.
        gamma: discount factor, 0 <= gamma < 1.

    Returns:
        Q_pi: array of shape (S, A).
    """
    S, A, _ = P.shape
    r = np.einsum("ijk,ijk->ij", P, R).ravel()
    M = np.zeros((S * A, S * A))
    for s2 in range(S):
        M[:, s2 * A + policy[s2]] = P[:, :, s2].ravel()
    q = np.linalg.solve(np.eye(S * A) - gamma * M, r)
    return q.reshape(A, S).T
''', ('02.evaluate_policy', '02.evaluate_policy.hidden')),
)

#: (mistake, function, why no check catches it: the examiner's description)
UNCAUGHT = (
)
