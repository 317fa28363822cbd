"""Correct answers in other styles for notebook 02, by a blind examiner (see the package)."""

from autograder.variants import Variant

VARIANTS = (
    Variant('broadcast next-state values on the last axis, sum over s2', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    V_next = np.max(Q, axis=1)                       # (S,), one value per next state
    return np.sum(P * (R + gamma * V_next), axis=2)  # broadcasts on the last axis
'''),
    Variant('expected reward by einsum plus discounted matrix product', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    r = np.einsum("sat,sat->sa", P, R)   # expected immediate reward, (S, A)
    v = np.asarray(Q, dtype=float).max(axis=1)
    return r + gamma * (P @ v)
'''),
    Variant('explicit double loop over states and actions into a fresh float array', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    S, A = P.shape[0], P.shape[1]
    V = [max(Q[s2]) for s2 in range(S)]
    Q_next = np.zeros((S, A), dtype=float)
    for s in range(S):
        for a in range(A):
            total = 0.0
            for s2 in range(S):
                total += P[s, a, s2] * (R[s, a, s2] + gamma * V[s2])
            Q_next[s, a] = total
    return Q_next
'''),
    Variant('helper for the expected reward in its own cell, tensordot for the future', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    best_next = Q.max(axis=-1)
    future = np.tensordot(P, best_next, axes=([2], [0]))  # (S, A)
    return expected_reward(P, R) + gamma * future
''', added='''
def expected_reward(P, R):
    """r[s, a] = sum_s2 P[s, a, s2] * R[s, a, s2]."""
    return (P * R).sum(axis=-1)
'''),
    Variant('copy Q first, then overwrite the copy with a vectorised backup', 'bellman_backup', '''
def bellman_backup(Q, P, R, gamma):
    Q_old = np.array(Q, dtype=float, copy=True)
    Q_next = Q_old.copy()
    V = Q_old.max(axis=1)[np.newaxis, np.newaxis, :]   # shape (1, 1, S)
    Q_next[:, :] = (P * R).sum(axis=2) + gamma * (P * V).sum(axis=2)
    return Q_next
'''),
    Variant('for loop over sweeps with a break, reusing bellman_backup', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for n_sweeps in range(1, max_sweeps + 1):
        Q_new = bellman_backup(Q, P, R, gamma)
        delta = np.max(np.abs(Q_new - Q))
        Q = Q_new
        if delta < tol:
            break
    return Q, n_sweeps
'''),
    Variant('while loop with an explicit counter and early return', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    S, A, _ = P.shape
    Q = np.zeros((S, A))
    n = 0
    while n < max_sweeps:
        Q_next = bellman_backup(Q, P, R, gamma)
        n += 1
        if np.abs(Q_next - Q).max() < tol:
            return Q_next, n
        Q = Q_next
    return Q, n
'''),
    Variant('self-contained: precomputes the expected reward, no call to bellman_backup', 'q_value_iteration', '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    r = np.einsum("ijk,ijk->ij", P, R)
    Q = np.zeros_like(r)
    sweeps = 0
    converged = False
    while not converged and sweeps < max_sweeps:
        Q_new = r + gamma * P @ Q.max(axis=1)
        converged = bool(np.max(np.abs(Q_new - Q)) < tol)
        Q = Q_new
        sweeps += 1
    return Q, sweeps
'''),
    Variant('np.argmax along the action axis, cast to int', 'greedy_policy', '''
def greedy_policy(Q):
    return np.argmax(np.asarray(Q), axis=1).astype(int)
'''),
    Variant('row by row, first index reaching the row maximum', 'greedy_policy', '''
def greedy_policy(Q):
    Q = np.asarray(Q)
    policy = np.empty(Q.shape[0], dtype=np.int64)
    for s, row in enumerate(Q):
        best = np.flatnonzero(row == row.max())
        policy[s] = best[0]          # smallest index among the ties
    return policy
'''),
    Variant('list comprehension with plain Python max over indices', 'greedy_policy', '''
def greedy_policy(Q):
    def best_action(row):
        # max returns the first maximal element, so ties go to the smallest index
        return max(range(len(row)), key=lambda a: row[a])
    return np.array([best_action(row) for row in Q], dtype=int)
'''),
    Variant('build M with a loop over (s, a, s2) and solve the S*A system', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    policy = np.asarray(policy, dtype=int)
    r = (P * R).sum(axis=2).reshape(S * A)
    M = np.zeros((S * A, S * A))
    for s in range(S):
        for a in range(A):
            for s2 in range(S):
                M[s * A + a, s2 * A + policy[s2]] += P[s, a, s2]
    q = np.linalg.solve(np.eye(S * A) - gamma * M, r)
    return q.reshape(S, A)
'''),
    Variant('vectorised M by fancy indexing a 4-d array', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A = P.shape[:2]
    pi = np.asarray(policy).astype(np.intp)
    M = np.zeros((S, A, S, A))
    M[:, :, np.arange(S), pi] = P          # M[s, a, s2, pi[s2]] = P[s, a, s2]
    M = M.reshape(S * A, S * A)
    r = np.einsum("ijk,ijk->ij", P, R).ravel()
    q = np.linalg.solve(np.identity(S * A) - gamma * M, r)
    return q.reshape(S, A)
'''),
    Variant('solve the smaller S x S system for V^pi, then one backup gives Q^pi', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S = P.shape[0]
    idx = np.arange(S)
    policy = np.asarray(policy, dtype=int)
    r = (P * R).sum(axis=-1)              # (S, A)
    P_pi = P[idx, policy]                 # (S, S): transitions when following pi
    r_pi = r[idx, policy]                 # (S,)
    V = np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)
    return r + gamma * P @ V
'''),
    Variant('helper cell that builds the transition matrix of (s, a) pairs, then solve', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    M = pair_transition_matrix(P, policy)
    r = np.sum(P * R, axis=2).flatten()
    q = np.linalg.solve(np.eye(S * A) - gamma * M, r)
    return q.reshape((S, A))
''', added='''
def pair_transition_matrix(P, policy):
    """M[(s, a), (s2, policy[s2])] = P[s, a, s2], flattened row-major to (S*A, S*A)."""
    S, A, _ = P.shape
    next_pair = np.arange(S) * A + np.asarray(policy, dtype=int)   # flat index of (s2, pi(s2))
    M = np.zeros((S * A, S * A))
    M[:, next_pair] = P.reshape(S * A, S)
    return M
'''),
    Variant('iterate the backup without the max to a very tight tolerance', 'evaluate_policy', '''
def evaluate_policy(P, R, policy, gamma):
    S, A, _ = P.shape
    policy = np.asarray(policy, dtype=int)
    r = (P * R).sum(axis=2)
    Q = np.zeros((S, A))
    for _ in range(1_000_000):
        Q_new = r + gamma * P @ Q[np.arange(S), policy]
        diff = np.max(np.abs(Q_new - Q))
        Q = Q_new
        # the error left is at most gamma / (1 - gamma) times the last change
        if diff * gamma <= 1e-10 * (1 - gamma):
            break
    return Q
'''),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Variant('einsum over the next-state axis with V broadcast on the last axis', 'bellman_backup', '''def bellman_backup(Q, P, R, gamma):
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
    # YOUR CODE HERE
    V_next = np.max(Q, axis=1)                      # (S,), one value per next state
    return np.einsum("ijk,ijk->ij", P, R + gamma * V_next[np.newaxis, np.newaxis, :])
'''),
    Variant('explicit loops over states and actions with a dot product per pair', 'bellman_backup', '''def bellman_backup(Q, P, R, gamma):
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
    n_states, n_actions = Q.shape
    best_next = Q.max(axis=1)
    Q_next = np.zeros((n_states, n_actions), dtype=float)
    for s in range(n_states):
        for a in range(n_actions):
            Q_next[s, a] = np.dot(P[s, a], R[s, a] + gamma * best_next)
    return Q_next
'''),
    Variant('for loop over sweep numbers calling bellman_backup, break on convergence', 'q_value_iteration', '''def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
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
    # YOUR CODE HERE
    Q = np.zeros(P.shape[:2])
    n = 0
    for n in range(1, max_sweeps + 1):
        Q_new = bellman_backup(Q, P, R, gamma)
        change = np.max(np.abs(Q_new - Q))
        Q = Q_new
        if change < tol:
            break
    return Q, n
'''),
    Variant('while loop with its own inlined backup helper (expected reward + discounted next value)', 'q_value_iteration', '''def _optimal_sweep(Q, P, R, gamma):
    # expected immediate reward plus discounted best value of the next state
    expected_reward = (P * R).sum(axis=2)
    return expected_reward + gamma * (P @ Q.max(axis=1))


def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
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
    S, A = P.shape[0], P.shape[1]
    Q = np.zeros((S, A))
    sweeps = 0
    converged = False
    while sweeps < max_sweeps and not converged:
        Q_next = _optimal_sweep(Q, P, R, gamma)
        sweeps += 1
        converged = np.abs(Q_next - Q).max() < tol
        Q = Q_next
    return Q, sweeps
'''),
    Variant('row-by-row list comprehension with np.argmax, int64 array', 'greedy_policy', '''def greedy_policy(Q):
    """The greedy policy of Q: one action per state, ties broken toward the smallest index.

    Args:
        Q: action values, shape (S, A).

    Returns:
        policy: integer array of shape (S,), policy[s] = argmax_a Q[s, a].
    """
    # YOUR CODE HERE
    return np.array([int(np.argmax(row)) for row in np.asarray(Q)], dtype=np.int64)
'''),
    Variant('mask of maximal entries, first True per row via argmax on the boolean mask', 'greedy_policy', '''def greedy_policy(Q):
    """The greedy policy of Q: one action per state, ties broken toward the smallest index.

    Args:
        Q: action values, shape (S, A).

    Returns:
        policy: integer array of shape (S,), policy[s] = argmax_a Q[s, a].
    """
    Q = np.asarray(Q)
    is_best = Q == Q.max(axis=1, keepdims=True)
    return is_best.argmax(axis=1).astype(int)
'''),
    Variant('solve the S-state system for V^pi first, then one backup gives Q^pi', 'evaluate_policy', '''def evaluate_policy(P, R, policy, gamma):
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
    # YOUR CODE HERE
    policy = np.asarray(policy, dtype=int)
    S = P.shape[0]
    states = np.arange(S)
    r = np.sum(P * R, axis=2)                    # (S, A) expected reward
    P_pi = P[states, policy]                     # (S, S) transitions under pi
    r_pi = r[states, policy]                     # (S,)
    V = np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)
    return r + gamma * P @ V
'''),
    Variant('build the (S*A, S*A) matrix M with explicit loops, then np.linalg.solve', 'evaluate_policy', '''def evaluate_policy(P, R, policy, gamma):
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
    n = S * A
    M = np.zeros((n, n))
    r = np.zeros(n)
    for s in range(S):
        for a in range(A):
            row = s * A + a
            r[row] = P[s, a] @ R[s, a]
            for s2 in range(S):
                M[row, s2 * A + int(policy[s2])] += P[s, a, s2]
    q = np.linalg.solve(np.eye(n) - gamma * M, r)
    return q.reshape(S, A)
'''),
)
