"""Typical mistakes in notebook 04 (deep Q-learning), each a mutant of the reference."""

import functools

from autograder.mutants import Mutant, edit

QN, QNH = "04.make_q_network", "04.make_q_network.hidden"
RB, RBC, RBH = "04.ReplayBuffer", "04.ReplayBuffer.copies", "04.ReplayBuffer.hidden"
LE, LEH = "04.linear_epsilon", "04.linear_epsilon.hidden"
EG, EGH = "04.epsilon_greedy", "04.epsilon_greedy.hidden"
TD, TDH = "04.td_targets", "04.td_targets.hidden"
DL, DLH = "04.dqn_loss", "04.dqn_loss.hidden"
HU, HUH = "04.hard_update", "04.hard_update.hidden"
SU, SUH = "04.soft_update", "04.soft_update.hidden"
OS, OSH = "04.optimize_step", "04.optimize_step.hidden"
TR, TRH, TRC = "04.train_dqn", "04.train_dqn.hidden", "04.train_dqn.cartpole"
DD, DDH = "04.double_dqn_targets", "04.double_dqn_targets.hidden"

_LIST_BUFFER = '''
class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        self.capacity = capacity
        self.memory = []
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        {evict}
        self.memory.append(({obs}, action, reward, {next_obs}, terminated, truncated))

    def __len__(self):
        return len(self.memory)

    def sample(self, batch_size):
        idx = self.rng.integers(0, len(self.memory), size=batch_size)
        rows = [self.memory[i] for i in idx]
        obs, actions, rewards, next_obs, term, trunc = zip(*rows)
        f32 = torch.float32
        return Batch(torch.tensor(np.array(obs), dtype=f32), torch.tensor(actions, dtype=torch.int64),
                     torch.tensor(rewards, dtype=f32), torch.tensor(np.array(next_obs), dtype=f32),
                     torch.tensor(term, dtype=f32), torch.tensor(trunc, dtype=f32))
'''

_edit = functools.partial(edit, notebook="04_dqn")

_IDX = "idx = sample_indices(self.rng, self.size, batch_size)"
_SAMPLE_BODY = ("        " + _IDX + "\n"
                "        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),\n"
                "                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),\n"
                "                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))")
_EXPLORE = "    if rng.random() < epsilon:\n        return int(rng.integers(n_actions))\n"
_NEXT_Q = "next_q = target_net(batch.next_obs).max(dim=1).values"
_MASKED = "gamma * (1.0 - batch.terminated) * next_q"
_TD_BODY = ("    with torch.no_grad():\n"
            "        " + _NEXT_Q + "\n"
            "        return batch.rewards + " + _MASKED)
_Q_SA = "q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)"
_TARGET = "target = td_targets(target_net, batch, gamma)"
_HUBER = "F.smooth_l1_loss(q_sa, target)"
_LERP = "target_param.lerp_(param, tau)"
_CLIP = "    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)\n"
_DOUBLE_BODY = ("    with torch.no_grad():\n"
                "        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)\n"
                "        next_q = target_net(batch.next_obs).gather(1, best).squeeze(1)\n"
                "        return batch.rewards + " + _MASKED)


def _dedent(body: str) -> str:
    """``body`` without its ``with torch.no_grad():`` line, one level less indented."""
    lines = body.splitlines(keepends=True)[1:]
    return "".join(line[4:] for line in lines)


MUTANTS = (
    # ---------------------------------------------------------------- QNetwork
    _edit("no activation between the layers (a linear model)", "make_q_network",
          {"layers += [nn.Linear(size, width), nn.ReLU()]": "layers += [nn.Linear(size, width)]"},
          (QN, QNH)),
    _edit("a ReLU after the output layer too", "make_q_network",
          {"layers.append(nn.Linear(size, n_actions))":
           "layers += [nn.Linear(size, n_actions), nn.ReLU()]"}, (QN, QNH)),
    Mutant("ignores `hidden`: always one hidden layer of 64", "make_q_network", '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    return nn.Sequential(nn.Linear(obs_dim, 64), nn.ReLU(), nn.Linear(64, n_actions))
''', (QN, QNH)),
    # ---------------------------------------------------------------- ReplayBuffer
    Mutant("FIFO eviction off by one: evicts before appending, keeps capacity + 1", "ReplayBuffer",
           _LIST_BUFFER.format(evict="if len(self.memory) > self.capacity:\n            self.memory.pop(0)",
                               obs="np.array(obs, dtype=np.float32)",
                               next_obs="np.array(next_obs, dtype=np.float32)"), (RB, RBH)),
    Mutant("evicts the newest transition instead of the oldest", "ReplayBuffer",
           _LIST_BUFFER.format(evict="if len(self.memory) >= self.capacity:\n            self.memory.pop()",
                               obs="np.array(obs, dtype=np.float32)",
                               next_obs="np.array(next_obs, dtype=np.float32)"), (RB, RBH)),
    Mutant("aliasing: keeps references to the caller's arrays", "ReplayBuffer",
           _LIST_BUFFER.format(evict="if len(self.memory) >= self.capacity:\n            self.memory.pop(0)",
                               obs="obs", next_obs="next_obs"), (RBC, RBH)),
    _edit("samples from the whole array, empty slots included", "ReplayBuffer",
          {_IDX: "idx = sample_indices(self.rng, self.capacity, batch_size)"}, (RB, RBH)),
    _edit("never samples the newest transition (integers(0, size - 1))", "ReplayBuffer",
          {_IDX: "idx = sample_indices(self.rng, max(self.size - 1, 1), batch_size)"}, (RB, RBH)),
    _edit("one `done` flag: stores terminated or truncated in both", "ReplayBuffer",
          {"self.terminated[i] = terminated\n": "self.terminated[i] = terminated or truncated\n",
           "self.truncated[i] = truncated\n": "self.truncated[i] = terminated or truncated\n"},
          (RB, RBH)),
    _edit("different random indices for each field", "ReplayBuffer", {_SAMPLE_BODY: '''\
        def draw(a):
            return torch.from_numpy(a[sample_indices(self.rng, self.size, batch_size)])
        return Batch(draw(self.obs), draw(self.actions), draw(self.rewards), draw(self.next_obs),
                     draw(self.terminated), draw(self.truncated))'''}, (RB, RBH)),
    _edit("actions stored as float32 (gather needs int64)", "ReplayBuffer",
          {"self.actions = np.zeros(capacity, dtype=np.int64)":
           "self.actions = np.zeros(capacity, dtype=np.float32)"}, (RB, RBH)),
    _edit("ignores dtype: stores frames as float32", "ReplayBuffer",
          {"self.obs = np.zeros((capacity, *shape), dtype=dtype)":
           "self.obs = np.zeros((capacity, *shape), dtype=np.float32)",
           "self.next_obs = np.zeros((capacity, *shape), dtype=dtype)":
           "self.next_obs = np.zeros((capacity, *shape), dtype=np.float32)"}, (RB, RBH)),
    _edit("ignores obs_shape tuples: one flat vector per observation", "ReplayBuffer",
          {"shape = (obs_shape,) if np.isscalar(obs_shape) else tuple(obs_shape)":
           "shape = (int(np.prod(obs_shape)),)",
           "self.obs[i] = obs\n": "self.obs[i] = np.ravel(obs)\n",
           "self.next_obs[i] = next_obs\n": "self.next_obs[i] = np.ravel(next_obs)\n"}, (RB, RBH)),
    _edit("sample_indices never draws the last index (integers(0, size - 1))", "sample_indices",
          {"return rng.integers(0, size, size=batch_size)":
           "return rng.integers(0, max(size - 1, 1), size=batch_size)"}, (RB, RBH)),
    _edit("unseeded sampling (np.random)", "ReplayBuffer",
          {_IDX: "idx = np.random.randint(0, self.size, size=batch_size)"}, (RBH,)),
    # ---------------------------------------------------------------- exploration
    _edit("no clamp: epsilon keeps decreasing after decay_steps", "linear_epsilon",
          {"min(step / decay_steps, 1.0)": "step / decay_steps"}, (LE, LEH)),
    _edit("decays to 0 instead of `end`", "linear_epsilon",
          {"return start + (end - start) * min(step / decay_steps, 1.0)":
           "return max(start * (1 - step / decay_steps), end)"}, (LE, LEH)),
    _edit("greedy only: ignores epsilon", "epsilon_greedy", {_EXPLORE: ""}, (EG, EGH)),
    _edit("explores when rng.random() > epsilon", "epsilon_greedy",
          {"rng.random() < epsilon": "rng.random() > epsilon"}, (EG, EGH)),
    _edit("random action from range(n_actions - 1)", "epsilon_greedy",
          {"rng.integers(n_actions)": "rng.integers(n_actions - 1)"}, (EG, EGH)),
    _edit("argmax over the batch dimension", "epsilon_greedy",
          {"q_values.argmax(dim=1).item()": "q_values.argmax(dim=0)[0].item()"}, (EG, EGH)),
    # ---------------------------------------------------------------- td_targets
    _edit("no (1 - terminated) mask: bootstraps from terminal states", "td_targets",
          {_MASKED: "gamma * next_q"}, (TD, TDH)),
    _edit("treats truncated like terminated (no bootstrap at time limits)", "td_targets",
          {_MASKED: "gamma * (1.0 - torch.clamp(batch.terminated + batch.truncated, max=1.0)) * next_q"},
          (TD, TDH)),
    _edit("gradient through the target (no torch.no_grad)", "td_targets",
          {_TD_BODY: _dedent(_TD_BODY)}, (TD, TDH)),
    _edit("max over the batch dimension", "td_targets",
          {_NEXT_Q: "next_q = target_net(batch.next_obs).max(dim=0).values.max()"}, (TD, TDH)),
    _edit("mean over actions instead of max", "td_targets",
          {_NEXT_Q: "next_q = target_net(batch.next_obs).mean(dim=1)"}, (TD, TDH)),
    _edit("discounts the reward too", "td_targets",
          {"return batch.rewards + " + _MASKED:
           "return gamma * (batch.rewards + (1.0 - batch.terminated) * next_q)"}, (TD, TDH)),
    # ---------------------------------------------------------------- dqn_loss
    _edit("online network for the target", "dqn_loss",
          {_TARGET: "target = td_targets(q_net, batch, gamma)"}, (DL, DLH)),
    _edit("no gather: max_a Q(s, a) instead of Q(s, a)", "dqn_loss",
          {_Q_SA: "q_sa = q_net(batch.obs).max(dim=1).values"}, (DL, DLH)),
    _edit("gather along the batch axis (dim 0)", "dqn_loss",
          {_Q_SA: "q_sa = q_net(batch.obs).gather(0, batch.actions.unsqueeze(1)).squeeze(1)"},
          (DL, DLH)),
    _edit("MSE instead of Huber", "dqn_loss", {_HUBER: "F.mse_loss(q_sa, target)"}, (DL, DLH)),
    _edit("gradient through the target network (targets computed inline, no no_grad)", "dqn_loss",
          {_TARGET: "target = batch.rewards + gamma * (1 - batch.terminated) * "
                    "target_net(batch.next_obs).max(1).values"}, (DL, DLH)),
    _edit("summed instead of averaged over the batch", "dqn_loss",
          {_HUBER: 'F.smooth_l1_loss(q_sa, target, reduction="sum")'}, (DL, DLH)),
    # ---------------------------------------------------------------- target updates
    Mutant("hard update shares the online tensors", "hard_update", '''
def hard_update(target_net, q_net):
    for t, p in zip(target_net.parameters(), q_net.parameters()):
        t.data = p.data
''', (HU, HUH)),
    _edit("hard update in the wrong direction", "hard_update",
          {"target_net.load_state_dict(q_net.state_dict())":
           "q_net.load_state_dict(target_net.state_dict())"}, (HU, HUH)),
    _edit("soft update with tau swapped", "soft_update",
          {_LERP: "target_param.lerp_(param, 1 - tau)"}, (SU, SUH)),
    _edit("soft update moves the online network", "soft_update",
          {_LERP: "param.lerp_(target_param, tau)"}, (SU, SUH)),
    Mutant("soft update is a hard copy", "soft_update", '''
def soft_update(target_net, q_net, tau):
    target_net.load_state_dict(q_net.state_dict())
''', (SU, SUH)),
    _edit("soft update rebinds a local name (nothing changes)", "soft_update",
          {_LERP: "target_param = tau * param + (1 - tau) * target_param"}, (SU, SUH)),
    Mutant("soft update shares the online tensors", "soft_update", '''
def soft_update(target_net, q_net, tau):
    for t, p in zip(target_net.parameters(), q_net.parameters()):
        t.data = tau * p.data + (1 - tau) * t.data if tau < 1 else p.data
''', (SU, SUH)),
    # ---------------------------------------------------------------- optimize_step
    _edit("no zero_grad: gradients accumulate", "optimize_step",
          {"    optimizer.zero_grad()\n": ""}, (OS, OSH)),
    _edit("no gradient clipping", "optimize_step", {_CLIP: ""}, (OS, OSH)),
    _edit("clips before backward (no effect)", "optimize_step",
          {"    loss.backward()\n" + _CLIP: _CLIP + "    loss.backward()\n"}, (OS, OSH)),
    _edit("zero_grad between backward and step (never learns)", "optimize_step",
          {"    optimizer.zero_grad()\n    loss.backward()\n":
           "    loss.backward()\n    optimizer.zero_grad()\n"}, (OS, OSH)),
    _edit("clips gradient values instead of the norm", "optimize_step",
          {"clip_grad_norm_": "clip_grad_value_"}, (OS, OSH)),
    # ---------------------------------------------------------------- train_dqn
    _edit("stores `terminated or truncated` as terminated", "train_dqn",
          {"agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)":
           "agent.buffer.add(obs, action, reward, next_obs, terminated or truncated, truncated)"},
          (TR, TRH)),
    _edit("forgets obs = next_obs", "train_dqn", {"        obs = next_obs\n": ""}, (TR, TRH, TRC)),
    _edit("never copies the online network into the target network", "train_dqn",
          {"            hard_update(agent.target_net, agent.q_net)": "            pass"}, (TRH, TRC)),
    # ---------------------------------------------------------------- double DQN
    _edit("argmax and value from the target network (vanilla DQN)", "double_dqn_targets",
          {"best = q_net(batch.next_obs)": "best = target_net(batch.next_obs)"}, (DD, DDH)),
    _edit("roles swapped: target picks, online values", "double_dqn_targets",
          {"best = q_net(batch.next_obs)": "best = target_net(batch.next_obs)",
           "next_q = target_net(batch.next_obs)": "next_q = q_net(batch.next_obs)"}, (DD, DDH)),
    _edit("double DQN without the (1 - terminated) mask", "double_dqn_targets",
          {_MASKED: "gamma * next_q"}, (DD, DDH)),
    _edit("double DQN with gradient through the online network", "double_dqn_targets",
          {_DOUBLE_BODY: _dedent(_DOUBLE_BODY)}, (DD, DDH)),
)
