"""Typical mistakes in notebook 04 (deep Q-learning), each a mutant of the reference."""

from autograder.mutants import Mutant

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

_BUFFER_HEAD = '''
class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = (obs_shape,) if np.isscalar(obs_shape) else tuple(obs_shape)
        self.capacity = capacity
        self.obs = np.zeros((capacity, *shape), dtype=dtype)
        self.next_obs = np.zeros((capacity, *shape), dtype=dtype)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.terminated = np.zeros(capacity, dtype=np.float32)
        self.truncated = np.zeros(capacity, dtype=np.float32)
        self.position = 0
        self.size = 0
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return self.size
'''

_ADD = '''
    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (i + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)
'''

_SAMPLE = '''
    def sample(self, batch_size):
        idx = self.rng.integers(0, self.size, size=batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
'''

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

_TRAIN = '''
def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end,
                                 config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, STORED_TERMINATED, truncated)
        NEXT_OBS
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1.0:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau >= 1.0 and agent.steps % config.target_update_every == 0:
            TARGET_UPDATE
        episode_return += float(reward)
        if terminated or truncated:
            agent.episodes += 1
            agent.history.episode_returns.append(episode_return)
            agent.history.episode_end_steps.append(agent.steps)
            agent.history.epsilons.append(epsilon)
            episode_return = 0.0
            obs, _ = env.reset()
            if callback is not None and callback(agent):
                break
    env.close()
    return agent
'''


def _train(stored_terminated="terminated", next_obs="obs = next_obs",
           target_update="hard_update(agent.target_net, agent.q_net)"):
    return (_TRAIN.replace("STORED_TERMINATED", stored_terminated).replace("NEXT_OBS", next_obs)
            .replace("TARGET_UPDATE", target_update))


MUTANTS = (
    # ---------------------------------------------------------------- QNetwork
    Mutant("no activation between the layers (a linear model)", "make_q_network", '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    sizes = [obs_dim, *hidden, n_actions]
    return nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])
''', (QN, QNH)),
    Mutant("a ReLU after the output layer too", "make_q_network", '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    sizes = [obs_dim, *hidden, n_actions]
    layers = []
    for a, b in zip(sizes, sizes[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers)
''', (QN, QNH)),
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
                               obs="obs", next_obs="next_obs"), (RBC,)),
    Mutant("samples from the whole array, empty slots included", "ReplayBuffer",
           _BUFFER_HEAD + _ADD + _SAMPLE.replace("integers(0, self.size,", "integers(0, self.capacity,"),
           (RB, RBH)),
    Mutant("never samples the newest transition (integers(0, size - 1))", "ReplayBuffer",
           _BUFFER_HEAD + _ADD + _SAMPLE.replace("integers(0, self.size,", "integers(0, max(self.size - 1, 1),"),
           (RB, RBH)),
    Mutant("one `done` flag: stores terminated or truncated in both", "ReplayBuffer",
           _BUFFER_HEAD + _ADD.replace("self.terminated[i] = terminated",
                                       "self.terminated[i] = terminated or truncated")
           .replace("self.truncated[i] = truncated", "self.truncated[i] = terminated or truncated")
           + _SAMPLE, (RB,)),
    Mutant("different random indices for each field", "ReplayBuffer",
           _BUFFER_HEAD + _ADD + '''
    def sample(self, batch_size):
        def draw(a):
            return torch.from_numpy(a[self.rng.integers(0, self.size, size=batch_size)])
        return Batch(draw(self.obs), draw(self.actions), draw(self.rewards), draw(self.next_obs),
                     draw(self.terminated), draw(self.truncated))
''', (RB, RBH)),
    Mutant("actions stored as float32 (gather needs int64)", "ReplayBuffer",
           _BUFFER_HEAD.replace("self.actions = np.zeros(capacity, dtype=np.int64)",
                                "self.actions = np.zeros(capacity, dtype=np.float32)") + _ADD + _SAMPLE,
           (RB,)),
    Mutant("ignores dtype: stores frames as float32", "ReplayBuffer",
           _BUFFER_HEAD.replace("dtype=dtype)", "dtype=np.float32)") + _ADD + _SAMPLE, (RB,)),
    Mutant("ignores obs_shape tuples: one flat vector per observation", "ReplayBuffer",
           _BUFFER_HEAD.replace("shape = (obs_shape,) if np.isscalar(obs_shape) else tuple(obs_shape)",
                                "shape = (int(np.prod(obs_shape)),)")
           .replace("self.obs[i] = obs", "self.obs[i] = np.ravel(obs)")
           + _ADD.replace("self.obs[i] = obs", "self.obs[i] = np.ravel(obs)")
           .replace("self.next_obs[i] = next_obs", "self.next_obs[i] = np.ravel(next_obs)") + _SAMPLE,
           (RB,)),
    Mutant("sample_indices never draws the last index (integers(0, size - 1))", "sample_indices", '''
def sample_indices(rng, size, batch_size):
    return rng.integers(0, max(size - 1, 1), size=batch_size)
''', (RB, RBH)),
    Mutant("unseeded sampling (np.random)", "ReplayBuffer",
           _BUFFER_HEAD + _ADD + _SAMPLE.replace("self.rng.integers(0, self.size, size=batch_size)",
                                                 "np.random.randint(0, self.size, size=batch_size)"),
           (RBH,)),
    # ---------------------------------------------------------------- exploration
    Mutant("no clamp: epsilon keeps decreasing after decay_steps", "linear_epsilon", '''
def linear_epsilon(step, start, end, decay_steps):
    return start + (end - start) * step / decay_steps
''', (LE, LEH)),
    Mutant("decays to 0 instead of `end`", "linear_epsilon", '''
def linear_epsilon(step, start, end, decay_steps):
    return max(start * (1 - step / decay_steps), end)
''', (LE,)),
    Mutant("greedy only: ignores epsilon", "epsilon_greedy", '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    with torch.no_grad():
        q_values = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q_values.argmax(dim=1).item())
''', (EG, EGH)),
    Mutant("explores when rng.random() > epsilon", "epsilon_greedy", '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() > epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        q_values = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q_values.argmax(dim=1).item())
''', (EG, EGH)),
    Mutant("random action from range(n_actions - 1)", "epsilon_greedy", '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(rng.integers(n_actions - 1))
    with torch.no_grad():
        q_values = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q_values.argmax(dim=1).item())
''', (EG, EGH)),
    Mutant("argmax over the batch dimension", "epsilon_greedy", '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        q_values = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q_values.argmax(dim=0)[0].item())
''', (EG, EGH)),
    # ---------------------------------------------------------------- td_targets
    Mutant("no (1 - terminated) mask: bootstraps from terminal states", "td_targets", '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        return batch.rewards + gamma * target_net(batch.next_obs).max(dim=1).values
''', (TD, TDH)),
    Mutant("treats truncated like terminated (no bootstrap at time limits)", "td_targets", '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        done = torch.clamp(batch.terminated + batch.truncated, max=1.0)
        return batch.rewards + gamma * (1 - done) * target_net(batch.next_obs).max(dim=1).values
''', (TD, TDH)),
    Mutant("gradient through the target (no torch.no_grad)", "td_targets", '''
def td_targets(target_net, batch, gamma):
    next_q = target_net(batch.next_obs).max(dim=1).values
    return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', (TD, TDH)),
    Mutant("max over the batch dimension", "td_targets", '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=0).values.max()
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', (TD, TDH)),
    Mutant("mean over actions instead of max", "td_targets", '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).mean(dim=1)
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', (TD, TDH)),
    Mutant("discounts the reward too", "td_targets", '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=1).values
        return gamma * (batch.rewards + (1.0 - batch.terminated) * next_q)
''', (TD, TDH)),
    # ---------------------------------------------------------------- dqn_loss
    Mutant("online network for the target", "dqn_loss", '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    return F.smooth_l1_loss(q_sa, td_targets(q_net, batch, gamma))
''', (DL, DLH)),
    Mutant("no gather: max_a Q(s, a) instead of Q(s, a)", "dqn_loss", '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).max(dim=1).values
    return F.smooth_l1_loss(q_sa, td_targets(target_net, batch, gamma))
''', (DL, DLH)),
    Mutant("gather along the batch axis (dim 0)", "dqn_loss", '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(0, batch.actions.unsqueeze(1)).squeeze(1)
    return F.smooth_l1_loss(q_sa, td_targets(target_net, batch, gamma))
''', (DL, DLH)),
    Mutant("MSE instead of Huber", "dqn_loss", '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    return F.mse_loss(q_sa, td_targets(target_net, batch, gamma))
''', (DL, DLH)),
    Mutant("gradient through the target network (targets computed inline, no no_grad)", "dqn_loss", '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    target = batch.rewards + gamma * (1 - batch.terminated) * target_net(batch.next_obs).max(1).values
    return F.smooth_l1_loss(q_sa, target)
''', (DL,)),
    Mutant("summed instead of averaged over the batch", "dqn_loss", '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    return F.smooth_l1_loss(q_sa, td_targets(target_net, batch, gamma), reduction="sum")
''', (DL, DLH)),
    # ---------------------------------------------------------------- target updates
    Mutant("hard update shares the online tensors", "hard_update", '''
def hard_update(target_net, q_net):
    for t, p in zip(target_net.parameters(), q_net.parameters()):
        t.data = p.data
''', (HU, HUH)),
    Mutant("hard update in the wrong direction", "hard_update", '''
def hard_update(target_net, q_net):
    q_net.load_state_dict(target_net.state_dict())
''', (HU, HUH)),
    Mutant("soft update with tau swapped", "soft_update", '''
def soft_update(target_net, q_net, tau):
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t.copy_((1 - tau) * p + tau * t)
''', (SU, SUH)),
    Mutant("soft update moves the online network", "soft_update", '''
def soft_update(target_net, q_net, tau):
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            p.copy_(tau * t + (1 - tau) * p)
''', (SU, SUH)),
    Mutant("soft update is a hard copy", "soft_update", '''
def soft_update(target_net, q_net, tau):
    target_net.load_state_dict(q_net.state_dict())
''', (SU, SUH)),
    Mutant("soft update rebinds a local name (nothing changes)", "soft_update", '''
def soft_update(target_net, q_net, tau):
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t = tau * p + (1 - tau) * t
''', (SU, SUH)),
    Mutant("soft update shares the online tensors", "soft_update", '''
def soft_update(target_net, q_net, tau):
    for t, p in zip(target_net.parameters(), q_net.parameters()):
        t.data = tau * p.data + (1 - tau) * t.data if tau < 1 else p.data
''', (SU,)),
    # ---------------------------------------------------------------- optimize_step
    Mutant("no zero_grad: gradients accumulate", "optimize_step", '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', (OS, OSH)),
    Mutant("no gradient clipping", "optimize_step", '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()
''', (OS,)),
    Mutant("clips before backward (no effect)", "optimize_step", '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    optimizer.zero_grad()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    loss.backward()
    optimizer.step()
    return loss.item()
''', (OS,)),
    Mutant("zero_grad between backward and step (never learns)", "optimize_step", '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()
''', (OS, OSH)),
    Mutant("clips gradient values instead of the norm", "optimize_step", '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_value_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', (OS,)),
    # ---------------------------------------------------------------- train_dqn
    Mutant("stores `terminated or truncated` as terminated", "train_dqn",
           _train(stored_terminated="terminated or truncated"), (TR, TRH)),
    Mutant("forgets obs = next_obs", "train_dqn", _train(next_obs="pass"), (TR, TRH, TRC)),
    Mutant("never copies the online network into the target network", "train_dqn",
           _train(target_update="pass"), (TRC,)),
    # ---------------------------------------------------------------- double DQN
    Mutant("argmax and value from the target network (vanilla DQN)", "double_dqn_targets", '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=1).values
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', (DD, DDH)),
    Mutant("roles swapped: target picks, online values", "double_dqn_targets", '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    with torch.no_grad():
        best = target_net(batch.next_obs).argmax(dim=1, keepdim=True)
        next_q = q_net(batch.next_obs).gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', (DD, DDH)),
    Mutant("double DQN without the (1 - terminated) mask", "double_dqn_targets", '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
        return batch.rewards + gamma * target_net(batch.next_obs).gather(1, best).squeeze(1)
''', (DD,)),
    Mutant("double DQN with gradient through the online network", "double_dqn_targets", '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
    next_q = target_net(batch.next_obs).gather(1, best).squeeze(1)
    return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', (DD, DDH)),
)
