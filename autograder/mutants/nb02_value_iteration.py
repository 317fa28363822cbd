"""Typical mistakes in notebook 02 (Bellman backup, Q-value iteration), each a mutant of the reference."""

import functools

from autograder.mutants import Mutant, edit

_edit = functools.partial(edit, notebook="02_value_iteration")

BB, BBH = "02.bellman_backup", "02.bellman_backup.hidden"
QVI, QVIH = "02.q_value_iteration", "02.q_value_iteration.hidden"
GP, GPH = "02.greedy_policy", "02.greedy_policy.hidden"
EP, EPH = "02.evaluate_policy", "02.evaluate_policy.hidden"

_V = "V = Q.max(axis=1)"
_BACKUP = "return np.sum(P * (R + gamma * V), axis=2)"
_DELTA = "delta = np.max(np.abs(Q_next - Q))"
_ARGMAX = "return np.argmax(Q, axis=1)"

MUTANTS = (
    _edit("uses the current state's max instead of the next state's", "bellman_backup",
          {_BACKUP: "return np.sum(P * R, axis=2) + gamma * V[:, None]"}, (BB, BBH)),
    _edit("applies the discount twice", "bellman_backup",
          {_BACKUP: "return np.sum(P * (R + gamma * gamma * V), axis=2)"}, (BB, BBH)),
    _edit("averages over next actions instead of taking the max", "bellman_backup",
          {_V: "V = Q.mean(axis=1)"}, (BB, BBH)),
    _edit("adds rewards without weighting them by P", "bellman_backup",
          {_BACKUP: "return np.sum(R, axis=2) + gamma * np.sum(P * V, axis=2)"}, (BB, BBH)),
    _edit("running max started at 0 (wrong for negative values)", "bellman_backup",
          {_V: "V = np.maximum(Q.max(axis=1), 0.0)"}, (BB, BBH)),
    Mutant("updates Q in place, state by state (Gauss-Seidel)", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    for s in range(Q.shape[0]):
        for a in range(Q.shape[1]):
            Q[s, a] = np.sum(P[s, a] * (R[s, a] + gamma * Q.max(axis=1)))
    return Q
''', (BB, BBH)),
    Mutant("max over states (axis 0) instead of actions", "bellman_backup", '''
def bellman_backup(Q, P, R, gamma):
    V = Q.max(axis=0)
    return np.sum(P * (R + gamma * V[: P.shape[2]]), axis=2) if V.shape[0] >= P.shape[2] else np.sum(P * R, axis=2)
''', (BB, BBH)),
    _edit("does not count the last sweep", "q_value_iteration",
          {"for sweep in range(1, max_sweeps + 1):": "for sweep in range(max_sweeps):"},
          (QVI, QVIH)),
    _edit("returns the Q from before the last sweep", "q_value_iteration",
          {"        Q = Q_next\n        if delta < tol:\n            break\n":
           "        if delta < tol:\n            break\n        Q = Q_next\n"}, (QVI, QVIH)),
    _edit("stops on the sum of changes instead of the max", "q_value_iteration",
          {_DELTA: "delta = np.sum(np.abs(Q_next - Q))"}, (QVI, QVIH)),
    _edit("ignores max_sweeps", "q_value_iteration",
          {"    for sweep in range(1, max_sweeps + 1):\n":
           "    sweep = 0\n    while True:\n        sweep += 1\n"}, (QVI, QVIH)),
    _edit("stops on a change relative to |Q|", "q_value_iteration",
          {_DELTA: f"{_DELTA} / max(np.max(np.abs(Q_next)), 1e-12)"}, (QVI, QVIH)),
    _edit("argmax over the wrong axis", "greedy_policy",
          {_ARGMAX: "return np.argmax(Q, axis=0)"}, (GP, GPH)),
    _edit("ties go to the largest action index", "greedy_policy",
          {_ARGMAX: "return Q.shape[1] - 1 - np.argmax(Q[:, ::-1], axis=1)"}, (GP, GPH)),
    _edit("returns the best values instead of the best actions", "greedy_policy",
          {_ARGMAX: "return np.max(Q, axis=1)"}, (GP, GPH)),
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
''', (EP, EPH)),
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
    _edit("indexes the flattened pairs as s2 * S + a (fine only when S == A)", "evaluate_policy",
          {"follow[np.arange(S), np.arange(S) * A + policy] = 1.0":
           "follow[np.arange(S), np.minimum(np.arange(S) * S + policy, S * A - 1)] = 1.0"},
          (EP, EPH)),
)
