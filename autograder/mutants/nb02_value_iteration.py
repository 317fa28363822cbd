"""Typical mistakes in notebook 02 (Bellman backup, Q-value iteration), each a mutant of the reference."""

from autograder.mutants import Mutant

BB, BBH = "02.bellman_backup", "02.bellman_backup.hidden"
QVI, QVIH = "02.q_value_iteration", "02.q_value_iteration.hidden"
GP, GPH = "02.greedy_policy", "02.greedy_policy.hidden"
EP, EPH = "02.evaluate_policy", "02.evaluate_policy.hidden"

MUTANTS = (
    Mutant("uses the current state's max instead of the next state's", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    return np.sum(P * R, axis=2) + gamma * Q.max(axis=1, keepdims=True)
''', (BB, BBH)),
    Mutant("applies the discount twice", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    return np.sum(P * (R + gamma * gamma * Q.max(axis=1)), axis=2)
''', (BB, BBH)),
    Mutant("averages over next actions instead of taking the max", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    return np.sum(P * (R + gamma * Q.mean(axis=1)), axis=2)
''', (BB, BBH)),
    Mutant("adds rewards without weighting them by P", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    return np.sum(R, axis=2) + gamma * np.sum(P * Q.max(axis=1), axis=2)
''', (BB, BBH)),
    Mutant("running max started at 0 (wrong for negative values)", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    V = np.maximum(Q.max(axis=1), 0.0)
    return np.sum(P * (R + gamma * V), axis=2)
''', (BB,)),
    Mutant("updates Q in place, state by state (Gauss-Seidel)", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    for s in range(Q.shape[0]):
        for a in range(Q.shape[1]):
            Q[s, a] = np.sum(P[s, a] * (R[s, a] + gamma * Q.max(axis=1)))
    return Q
''', (BB,)),
    Mutant("max over states (axis 0) instead of actions", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    V = Q.max(axis=0)
    return np.sum(P * (R + gamma * V[: P.shape[2]]), axis=2) if V.shape[0] >= P.shape[2] else np.sum(P * R, axis=2)
''', (BB, BBH)),
    Mutant("does not count the last sweep", "q_value_iteration", '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    sweeps = 0
    while sweeps < max_sweeps:
        Q_next = bellman_backup(Q, P, R, gamma)
        delta = np.max(np.abs(Q_next - Q))
        Q = Q_next
        if delta < tol:
            break
        sweeps += 1
    return Q, sweeps
''', (QVI, QVIH)),
    Mutant("returns the Q from before the last sweep", "q_value_iteration", '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for sweep in range(1, max_sweeps + 1):
        Q_next = bellman_backup(Q, P, R, gamma)
        if np.max(np.abs(Q_next - Q)) < tol:
            break
        Q = Q_next
    return Q, sweep
''', (QVI,)),
    Mutant("stops on the sum of changes instead of the max", "q_value_iteration", '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for sweep in range(1, max_sweeps + 1):
        Q_next = bellman_backup(Q, P, R, gamma)
        delta = np.sum(np.abs(Q_next - Q))
        Q = Q_next
        if delta < tol:
            break
    return Q, sweep
''', (QVI, QVIH)),
    Mutant("ignores max_sweeps", "q_value_iteration", '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q, sweeps = np.zeros(P.shape[:2]), 0
    while True:
        Q_next = bellman_backup(Q, P, R, gamma)
        sweeps += 1
        delta = np.max(np.abs(Q_next - Q))
        Q = Q_next
        if delta < tol:
            return Q, sweeps
''', (QVI,)),
    Mutant("stops on a change relative to |Q|", "q_value_iteration", '''
def q_value_iteration(P, R, gamma, tol=1e-8, max_sweeps=10_000):
    Q = np.zeros(P.shape[:2])
    for sweep in range(1, max_sweeps + 1):
        Q_next = bellman_backup(Q, P, R, gamma)
        delta = np.max(np.abs(Q_next - Q)) / max(np.max(np.abs(Q_next)), 1e-12)
        Q = Q_next
        if delta < tol:
            break
    return Q, sweep
''', (QVI, QVIH)),
    Mutant("argmax over the wrong axis", "greedy_policy", '''
def greedy_policy(Q):
    return np.argmax(Q, axis=0)
''', (GP, GPH)),
    Mutant("ties go to the largest action index", "greedy_policy", '''
def greedy_policy(Q):
    A = Q.shape[1]
    return A - 1 - np.argmax(Q[:, ::-1], axis=1)
''', (GP, GPH)),
    Mutant("returns the best values instead of the best actions", "greedy_policy", '''
def greedy_policy(Q):
    return np.max(Q, axis=1)
''', (GP, GPH)),
    Mutant("uses the max instead of the policy (computes Q*)", "evaluate_policy", '''
def evaluate_policy(P, R, policy, gamma):
    Q = np.zeros(P.shape[:2])
    for _ in range(5000):
        Q = np.sum(P * (R + gamma * Q.max(axis=1)), axis=2)
    return Q
''', (EP, EPH)),
    Mutant("a fixed 100 sweeps of policy evaluation", "evaluate_policy", '''
def evaluate_policy(P, R, policy, gamma):
    S = P.shape[0]
    Q = np.zeros(P.shape[:2])
    for _ in range(100):
        Q = np.sum(P * (R + gamma * Q[np.arange(S), policy]), axis=2)
    return Q
''', (EP,)),
    Mutant("returns V^pi instead of Q^pi", "evaluate_policy", '''
def evaluate_policy(P, R, policy, gamma):
    S = P.shape[0]
    idx = np.arange(S)
    P_pi = P[idx, policy]
    r_pi = np.sum(P * R, axis=2)[idx, policy]
    return np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)
''', (EP, EPH)),
    Mutant("follows the policy's action of the current state", "evaluate_policy", '''
def evaluate_policy(P, R, policy, gamma):
    S, A = P.shape[:2]
    idx = np.arange(S)
    V = np.linalg.solve(np.eye(S) - gamma * P[idx, policy], np.sum(P * R, axis=2)[idx, policy])
    return np.repeat(V[:, None], A, axis=1)
''', (EP, EPH)),
    Mutant("indexes the flattened pairs as s2 * S + a (fine only when S == A)", "evaluate_policy", '''
def evaluate_policy(P, R, policy, gamma):
    S, A = P.shape[:2]
    r = np.sum(P * R, axis=2).reshape(S * A)
    follow = np.zeros((S, S * A))
    follow[np.arange(S), np.minimum(np.arange(S) * S + policy, S * A - 1)] = 1.0
    M = P.reshape(S * A, S) @ follow
    return np.linalg.solve(np.eye(S * A) - gamma * M, r).reshape(S, A)
''', (EP, EPH)),
)
