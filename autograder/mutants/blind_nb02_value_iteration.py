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
''', ('02.greedy_policy.hidden',)),
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
)

#: (mistake, function, why no check catches it: the examiner's description)
UNCAUGHT = (
)
