"""Correct answers in other styles for notebook 04, by a blind examiner (see the package)."""

from autograder.variants import Variant

VARIANTS = (
    Variant('loop over consecutive sizes with zip', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    sizes = [obs_dim, *hidden]
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers.append(nn.Linear(n_in, n_out))
        layers.append(nn.ReLU())
    layers.append(nn.Linear(sizes[-1], n_actions))
    return nn.Sequential(*layers)
'''),
    Variant('running input size, extend with a pair per hidden layer', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    in_features = obs_dim
    for width in hidden:
        layers += [nn.Linear(in_features, width), nn.ReLU()]
        in_features = width
    layers += [nn.Linear(in_features, n_actions)]
    return nn.Sequential(*layers)
'''),
    Variant('index loop over all sizes, ReLU everywhere but after the last layer', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    dims = [obs_dim] + list(hidden) + [n_actions]
    layers = []
    for i in range(len(dims) - 1):
        layers.append(nn.Linear(dims[i], dims[i + 1]))
        if i < len(dims) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)
'''),
    Variant('helper in its own cell building one hidden block', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    prev = obs_dim
    for h in hidden:
        layers.extend(hidden_block(prev, h))
        prev = h
    layers.append(nn.Linear(prev, n_actions))
    return nn.Sequential(*layers)
''', added='''
def hidden_block(n_in, n_out):
    """A linear layer followed by its ReLU."""
    return [nn.Linear(n_in, n_out), nn.ReLU()]
'''),
    Variant('numpy ring buffer with size counter, rng.integers(0, size, batch_size)', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = (obs_shape,) if isinstance(obs_shape, int) else tuple(obs_shape)
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

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]),
                     torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]),
                     torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]),
                     torch.from_numpy(self.truncated[idx]))
'''),
    Variant("'full' flag instead of a size counter, rng.choice, dict of field arrays", 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.choice(size, size=batch_size, replace=True)


class ReplayBuffer:
    FIELDS = ("obs", "actions", "rewards", "next_obs", "terminated", "truncated")

    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        obs_shape = tuple(np.atleast_1d(obs_shape).tolist())
        self.capacity = capacity
        self.data = {
            "obs": np.empty((capacity,) + obs_shape, dtype=dtype),
            "actions": np.empty(capacity, dtype=np.int64),
            "rewards": np.empty(capacity, dtype=np.float32),
            "next_obs": np.empty((capacity,) + obs_shape, dtype=dtype),
            "terminated": np.empty(capacity, dtype=np.float32),
            "truncated": np.empty(capacity, dtype=np.float32),
        }
        self.position = 0
        self.full = False
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        values = (obs, action, reward, next_obs, terminated, truncated)
        for name, value in zip(self.FIELDS, values):
            self.data[name][self.position] = value
        self.position += 1
        if self.position == self.capacity:
            self.position = 0
            self.full = True

    def __len__(self):
        return self.capacity if self.full else self.position

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(*(torch.as_tensor(self.data[name][idx]) for name in self.FIELDS))
'''),
    Variant('helper to allocate arrays, counter of all adds, torch.tensor conversion', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    idx = rng.integers(size, size=batch_size)
    return idx.astype(np.int64)


def _shape_of(obs_shape):
    if isinstance(obs_shape, (tuple, list)):
        return tuple(int(d) for d in obs_shape)
    return (int(obs_shape),)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        self.capacity = int(capacity)
        shape = _shape_of(obs_shape)
        self.obs = np.zeros((self.capacity,) + shape, dtype=dtype)
        self.next_obs = np.zeros_like(self.obs)
        self.actions = np.zeros(self.capacity, dtype=np.int64)
        self.rewards = np.zeros(self.capacity, dtype=np.float32)
        self.terminated = np.zeros(self.capacity, dtype=np.float32)
        self.truncated = np.zeros(self.capacity, dtype=np.float32)
        self.n_added = 0
        self.rng = np.random.default_rng(seed)

    @property
    def position(self):
        return self.n_added % self.capacity

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        np.copyto(self.obs[i], np.asarray(obs, dtype=self.obs.dtype))
        np.copyto(self.next_obs[i], np.asarray(next_obs, dtype=self.next_obs.dtype))
        self.actions[i] = int(action)
        self.rewards[i] = float(reward)
        self.terminated[i] = 1.0 if terminated else 0.0
        self.truncated[i] = 1.0 if truncated else 0.0
        self.n_added += 1

    def __len__(self):
        return min(self.n_added, self.capacity)

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(
            obs=torch.tensor(self.obs[idx]),
            actions=torch.tensor(self.actions[idx], dtype=torch.int64),
            rewards=torch.tensor(self.rewards[idx], dtype=torch.float32),
            next_obs=torch.tensor(self.next_obs[idx]),
            terminated=torch.tensor(self.terminated[idx], dtype=torch.float32),
            truncated=torch.tensor(self.truncated[idx], dtype=torch.float32),
        )
'''),
    Variant('three explicit branches: before, during, after the decay', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    if step <= 0:
        return float(start)
    if step >= decay_steps:
        return float(end)
    fraction = step / decay_steps
    return start + fraction * (end - start)
'''),
    Variant('early return once the decay is over', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    if step >= decay_steps:
        return float(end)
    slope = (end - start) / decay_steps
    return start + slope * step
'''),
    Variant('np.interp between the two end points', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    if decay_steps <= 0:
        return float(end)
    return float(np.interp(step, [0, decay_steps], [start, end]))
'''),
    Variant('weighted average of start and end', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    t = 1.0 if decay_steps <= 0 else max(0.0, min(1.0, step / decay_steps))
    return (1 - t) * start + t * end
'''),
    Variant('explore branch first, torch argmax with .item()', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0)
        q = q_net(x)
    return int(q.argmax(dim=1).item())
'''),
    Variant('exploit branch first, numpy argmax on the Q-values', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    explore = rng.random() < epsilon
    if not explore:
        with torch.no_grad():
            q_values = q_net(torch.tensor(np.asarray(obs, dtype=np.float32)[None, :]))[0]
        return int(np.argmax(q_values.numpy()))
    return int(rng.integers(0, n_actions))
'''),
    Variant('greedy part in a separate helper cell, rng.choice for the random action', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() >= epsilon:
        return greedy_action(q_net, obs)
    return int(rng.choice(n_actions))
''', added='''
@torch.no_grad()
def greedy_action(q_net, obs):
    """argmax_a Q(obs, a) for one observation, as a Python int."""
    batch = torch.from_numpy(np.asarray(obs, dtype=np.float32)[np.newaxis])
    return int(torch.argmax(q_net(batch), dim=-1)[0])
'''),
    Variant('no_grad block, max(dim=1).values', 'td_targets', '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=1).values
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
'''),
    Variant('decorator, torch.max(...)[0] and torch.where on the terminal flag', 'td_targets', '''
@torch.no_grad()
def td_targets(target_net, batch, gamma):
    best_next, _ = torch.max(target_net(batch.next_obs), dim=1)
    bootstrapped = batch.rewards + gamma * best_next
    return torch.where(batch.terminated > 0.5, batch.rewards, bootstrapped)
'''),
    Variant("amax and detach, with a 'not done' mask from terminated only", 'td_targets', '''
def td_targets(target_net, batch, gamma):
    q_next = target_net(batch.next_obs).detach()
    max_q_next = torch.amax(q_next, dim=-1)
    not_terminal = 1 - batch.terminated
    target = batch.rewards + gamma * not_terminal * max_q_next
    return target.detach()
'''),
    Variant('gather + smooth_l1_loss, conditional expression for the targets', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q_sa, target)
'''),
    Variant('advanced indexing with arange and nn.SmoothL1Loss module', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_all = q_net(batch.obs)
    rows = torch.arange(q_all.shape[0])
    q_taken = q_all[rows, batch.actions]
    y = (double_dqn_targets(q_net, target_net, batch, gamma) if double
         else td_targets(target_net, batch, gamma))
    return nn.SmoothL1Loss()(q_taken, y.detach())
'''),
    Variant('F.huber_loss with delta 1, target first computed, then predictions', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    targets_fn = double_dqn_targets if double else None
    if targets_fn is None:
        targets = td_targets(target_net, batch, gamma)
    else:
        targets = targets_fn(q_net, target_net, batch, gamma)
    predicted = torch.gather(q_net(batch.obs), dim=1, index=batch.actions.view(-1, 1)).view(-1)
    return F.huber_loss(predicted, targets, reduction="mean", delta=1.0)
'''),
    Variant("load_state_dict of the online state_dict, the hint's one-liner", 'hard_update', '''
def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    target_net.load_state_dict(q_net.state_dict())
'''),
    Variant('copy_ tensor by tensor over the two state_dicts under no_grad', 'hard_update', '''
def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    source = q_net.state_dict()
    with torch.no_grad():
        for name, tensor in target_net.state_dict().items():
            tensor.copy_(source[name])
'''),
    Variant('deep copy of the state dict first, then load it (returns nothing)', 'hard_update', '''
import copy


def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    weights = copy.deepcopy(q_net.state_dict())
    target_net.load_state_dict(weights)
    return None
'''),
    Variant('zip over parameters (and buffers), in-place copy of .data', 'hard_update', '''
def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    for target_param, param in zip(target_net.parameters(), q_net.parameters()):
        target_param.data.copy_(param.data)
    for target_buffer, buffer in zip(target_net.buffers(), q_net.buffers()):
        target_buffer.data.copy_(buffer.data)
'''),
    Variant('lerp_ in place over zipped parameters under no_grad', 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t.lerp_(p, tau)
'''),
    Variant('mul_ then add_ with alpha, decorated with @torch.no_grad()', 'soft_update', '''
@torch.no_grad()
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    for target_param, online_param in zip(target_net.parameters(), q_net.parameters()):
        target_param.mul_(1.0 - tau)
        target_param.add_(online_param, alpha=tau)
'''),
    Variant("blend the parameters' state-dict entries into a new dict and load it back (strict=False)", 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    online = q_net.state_dict()
    target = target_net.state_dict()
    blended = {name: tau * online[name] + (1 - tau) * target[name]
               for name, _ in target_net.named_parameters()}
    target_net.load_state_dict(blended, strict=False)
'''),
    Variant('in-place copy_ of the formula on .data (no no_grad needed on .data)', 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    for t, p in zip(target_net.parameters(), q_net.parameters()):
        t.data.copy_(tau * p.data + (1.0 - tau) * t.data)
'''),
    Variant('named parameters matched by name, via detach() views', 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    online = dict(q_net.named_parameters())
    for name, t in target_net.named_parameters():
        t.detach().mul_(1 - tau).add_(tau * online[name].detach())
'''),
    Variant("the text's order, dqn_loss then zero_grad/backward/clip/step", 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma, double=double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
'''),
    Variant("zero_grad(set_to_none) first, clip the optimiser's own params, float(loss)", 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    optimizer.zero_grad(set_to_none=True)
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    loss.backward()
    params = [p for group in optimizer.param_groups for p in group["params"]]
    nn.utils.clip_grad_norm_(params, max_norm=max_grad_norm)
    optimizer.step()
    return float(loss.detach())
'''),
    Variant('loss written inline (gather + smooth_l1) with the double branch, value saved first', 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    q_taken = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        targets = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        targets = td_targets(target_net, batch, gamma)
    loss = F.smooth_l1_loss(q_taken, targets)
    value = loss.item()
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(list(q_net.parameters()), max_grad_norm)
    optimizer.step()
    return value
'''),
    Variant('the five numbered points written out in order', 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop)."""
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):
        # One environment step: set epsilon, action, reward, terminated, truncated, and obs.
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau == 1 and agent.steps % config.target_update_every == 0:
            hard_update(agent.target_net, agent.q_net)
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
'''),
    Variant('learning part moved into a helper function in its own cell', 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop)."""
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):
        epsilon = linear_epsilon(step=agent.steps, start=config.eps_start, end=config.eps_end,
                                 decay_steps=config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        step_result = env.step(action)
        next_obs, reward, terminated, truncated = step_result[:4]
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        learn_from_replay(agent, config)
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
''', added='''
def learn_from_replay(agent, config):
    """The gradient steps (and target updates) of one environment step, after agent.steps += 1."""
    started = len(agent.buffer) >= config.learning_starts
    if started and agent.steps % config.train_every == 0:
        for _ in range(config.gradient_steps):
            batch = agent.buffer.sample(config.batch_size)
            agent.history.losses.append(
                optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch, config.gamma,
                              config.max_grad_norm, double=config.double_dqn))
            if config.tau < 1.0:
                soft_update(agent.target_net, agent.q_net, config.tau)
    if config.tau >= 1.0 and agent.steps % config.target_update_every == 0:
        hard_update(agent.target_net, agent.q_net)
'''),
    Variant('boolean flags first, soft/hard chosen once, losses extended by a loop', 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop)."""
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    use_soft = config.tau < 1
    for _ in range(config.total_steps):
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        new_obs, reward, terminated, truncated, info = env.step(action)
        agent.buffer.add(obs, action, reward, new_obs, terminated, truncated)
        obs = new_obs
        agent.steps += 1
        step = agent.steps
        train_now = len(agent.buffer) >= config.learning_starts and step % config.train_every == 0
        copy_now = (not use_soft) and step % config.target_update_every == 0
        if train_now:
            n = 0
            while n < config.gradient_steps:
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer,
                                     agent.buffer.sample(config.batch_size), config.gamma,
                                     config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if use_soft:
                    soft_update(agent.target_net, agent.q_net, tau=config.tau)
                n += 1
        if copy_now:
            hard_update(agent.target_net, agent.q_net)
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
'''),
    Variant('argmax keepdim + gather + squeeze, as the text says', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
        values = target_net(batch.next_obs).gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1 - batch.terminated) * values
'''),
    Variant('@torch.no_grad decorator, advanced indexing with arange', 'double_dqn_targets', '''
@torch.no_grad()
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    next_actions = torch.argmax(q_net(batch.next_obs), dim=1)
    target_q = target_net(batch.next_obs)
    rows = torch.arange(target_q.shape[0])
    next_values = target_q[rows, next_actions]
    not_done = 1.0 - batch.terminated
    return batch.rewards + gamma * not_done * next_values
'''),
    Variant('torch.where on the terminal flag, detach() instead of no_grad', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    online_next = q_net(batch.next_obs).detach()
    target_next = target_net(batch.next_obs).detach()
    a_star = online_next.argmax(1).unsqueeze(-1)
    bootstrap = torch.gather(target_next, 1, a_star).squeeze(-1)
    return torch.where(batch.terminated > 0.5, batch.rewards, batch.rewards + gamma * bootstrap)
'''),
    Variant("helper for the online network's greedy action in its own cell", 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    a_next = greedy_next_actions(q_net, batch.next_obs)
    with torch.no_grad():
        q_next = target_net(batch.next_obs).gather(dim=1, index=a_next).view(-1)
    return (batch.rewards + gamma * q_next * (1.0 - batch.terminated)).detach()
''', added='''
def greedy_next_actions(q_net, next_obs):
    """Indices (B, 1) of the online network's best action in each next state."""
    with torch.no_grad():
        return q_net(next_obs).max(dim=1, keepdim=True).indices
'''),
    # A second blind examiner, after the checks of these functions changed (session 8):
    Variant('Baseline: one preallocated array per field, position wraps, size capped, rng.integers.', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    """Fixed-size memory of transitions with uniform sampling.

    Args:
        capacity: maximum number of transitions; the oldest is overwritten first.
        obs_shape: shape of an observation: an int (the size of a vector, e.g. 4 for
            CartPole) or a tuple (e.g. (4, 20, 60) for a stack of frames in notebook 05).
        seed: seed of the buffer's own random generator.
        dtype: numpy dtype of the stored observations (np.uint8 for frames).
    """

    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = (obs_shape,) if isinstance(obs_shape, (int, np.integer)) else tuple(obs_shape)
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

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        """Store one transition (copying the arrays), evicting the oldest when full."""
        i = self.position
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        """Number of transitions stored (at most capacity)."""
        return self.size

    def sample(self, batch_size):
        """A Batch of batch_size transitions drawn uniformly, with replacement."""
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
'''),
    Variant('Dict of arrays filled in a loop, `full` flag for len, flags stored as bool and converted to float32 in sample, indices with rng.choice(size, size=batch_size).', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.choice(size, size=batch_size, replace=True)


class ReplayBuffer:
    """Fixed-size memory of transitions with uniform sampling.

    Args:
        capacity: maximum number of transitions; the oldest is overwritten first.
        obs_shape: shape of an observation: an int (the size of a vector, e.g. 4 for
            CartPole) or a tuple (e.g. (4, 20, 60) for a stack of frames in notebook 05).
        seed: seed of the buffer's own random generator.
        dtype: numpy dtype of the stored observations (np.uint8 for frames).
    """

    FIELDS = ("obs", "actions", "rewards", "next_obs", "terminated", "truncated")

    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        try:
            shape = tuple(obs_shape)
        except TypeError:  # an int: the size of a vector
            shape = (int(obs_shape),)
        self.capacity = int(capacity)
        self.rng = np.random.default_rng(seed)
        self.data = {
            "obs": np.empty((self.capacity, *shape), dtype=dtype),
            "actions": np.empty(self.capacity, dtype=np.int64),
            "rewards": np.empty(self.capacity, dtype=np.float32),
            "next_obs": np.empty((self.capacity, *shape), dtype=dtype),
            "terminated": np.empty(self.capacity, dtype=bool),
            "truncated": np.empty(self.capacity, dtype=bool),
        }
        self.position = 0
        self.full = False

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        """Store one transition (copying the arrays), evicting the oldest when full."""
        for name, value in zip(self.FIELDS, (obs, action, reward, next_obs, terminated, truncated)):
            self.data[name][self.position] = value  # item assignment copies the values
        self.position = (self.position + 1) % self.capacity
        if self.position == 0:
            self.full = True

    def __len__(self):
        """Number of transitions stored (at most capacity)."""
        return self.capacity if self.full else self.position

    def sample(self, batch_size):
        """A Batch of batch_size transitions drawn uniformly, with replacement."""
        idx = sample_indices(self.rng, len(self), batch_size)
        picked = {name: array[idx] for name, array in self.data.items()}
        return Batch(
            obs=torch.from_numpy(picked["obs"]),
            actions=torch.from_numpy(picked["actions"]),
            rewards=torch.from_numpy(picked["rewards"]),
            next_obs=torch.from_numpy(picked["next_obs"]),
            terminated=torch.from_numpy(picked["terminated"].astype(np.float32)),
            truncated=torch.from_numpy(picked["truncated"].astype(np.float32)),
        )
'''),
    Variant('One numpy structured array (a record per transition, sub-array fields for observations); shape from np.atleast_1d; contiguous copies before torch.from_numpy.', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.integers(size, size=batch_size)


class ReplayBuffer:
    """Fixed-size memory of transitions with uniform sampling.

    Args:
        capacity: maximum number of transitions; the oldest is overwritten first.
        obs_shape: shape of an observation: an int (the size of a vector, e.g. 4 for
            CartPole) or a tuple (e.g. (4, 20, 60) for a stack of frames in notebook 05).
        seed: seed of the buffer's own random generator.
        dtype: numpy dtype of the stored observations (np.uint8 for frames).
    """

    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = tuple(int(d) for d in np.atleast_1d(obs_shape))
        self.capacity = capacity
        self.records = np.zeros(capacity, dtype=[
            ("obs", dtype, shape), ("action", np.int64), ("reward", np.float32),
            ("next_obs", dtype, shape), ("terminated", np.float32), ("truncated", np.float32)])
        self.next_index = 0
        self.count = 0
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        """Store one transition (copying the arrays), evicting the oldest when full."""
        record = self.records[self.next_index]  # a view of one row
        record["obs"] = obs
        record["action"] = action
        record["reward"] = reward
        record["next_obs"] = next_obs
        record["terminated"] = 1.0 if terminated else 0.0
        record["truncated"] = 1.0 if truncated else 0.0
        self.next_index = (self.next_index + 1) % self.capacity
        self.count = min(self.count + 1, self.capacity)

    def __len__(self):
        """Number of transitions stored (at most capacity)."""
        return self.count

    def sample(self, batch_size):
        """A Batch of batch_size transitions drawn uniformly, with replacement."""
        rows = self.records[sample_indices(self.rng, len(self), batch_size)]

        def column(name):
            return torch.from_numpy(np.ascontiguousarray(rows[name]))

        return Batch(column("obs"), column("action"), column("reward"), column("next_obs"),
                     column("terminated"), column("truncated"))
'''),
    Variant("Indices as floor(rng.random(batch_size) * size) (uniform, with replacement, from the buffer's rng); unbounded add counter with len = min(count, capacity); torch.as_tensor.", 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return np.floor(rng.random(batch_size) * size).astype(np.int64)


class ReplayBuffer:
    """Fixed-size memory of transitions with uniform sampling.

    Args:
        capacity: maximum number of transitions; the oldest is overwritten first.
        obs_shape: shape of an observation: an int (the size of a vector, e.g. 4 for
            CartPole) or a tuple (e.g. (4, 20, 60) for a stack of frames in notebook 05).
        seed: seed of the buffer's own random generator.
        dtype: numpy dtype of the stored observations (np.uint8 for frames).
    """

    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        if np.isscalar(obs_shape):
            obs_shape = (obs_shape,)
        self.capacity = capacity
        self.states = np.zeros((capacity,) + tuple(obs_shape), dtype=dtype)
        self.next_states = np.zeros_like(self.states)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.dones = np.zeros((2, capacity), dtype=np.float32)  # row 0 terminated, row 1 truncated
        self.added = 0
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        """Store one transition (copying the arrays), evicting the oldest when full."""
        slot = self.added % self.capacity
        np.copyto(self.states[slot], obs, casting="unsafe")
        np.copyto(self.next_states[slot], next_obs, casting="unsafe")
        self.actions[slot] = int(action)
        self.rewards[slot] = float(reward)
        self.dones[0, slot] = bool(terminated)
        self.dones[1, slot] = bool(truncated)
        self.added += 1

    def __len__(self):
        """Number of transitions stored (at most capacity)."""
        return min(self.added, self.capacity)

    def sample(self, batch_size):
        """A Batch of batch_size transitions drawn uniformly, with replacement."""
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(obs=torch.as_tensor(self.states[idx]),
                     actions=torch.as_tensor(self.actions[idx]),
                     rewards=torch.as_tensor(self.rewards[idx]),
                     next_obs=torch.as_tensor(self.next_states[idx]),
                     terminated=torch.as_tensor(self.dones[0, idx]),
                     truncated=torch.as_tensor(self.dones[1, idx]))
'''),
    Variant('Stores actions as int32 and flags as uint8 to save memory, converts to int64/float32 in sample; indices via rng.choice(np.arange(size), batch_size).', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.choice(np.arange(size), size=batch_size)


class ReplayBuffer:
    """Fixed-size memory of transitions with uniform sampling.

    Args:
        capacity: maximum number of transitions; the oldest is overwritten first.
        obs_shape: shape of an observation: an int (the size of a vector, e.g. 4 for
            CartPole) or a tuple (e.g. (4, 20, 60) for a stack of frames in notebook 05).
        seed: seed of the buffer's own random generator.
        dtype: numpy dtype of the stored observations (np.uint8 for frames).
    """

    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        obs_shape = tuple(obs_shape) if isinstance(obs_shape, (tuple, list)) else (obs_shape,)
        self.capacity = capacity
        self._obs = np.zeros((capacity, *obs_shape), dtype=dtype)
        self._next = np.zeros((capacity, *obs_shape), dtype=dtype)
        self._act = np.zeros(capacity, dtype=np.int32)
        self._rew = np.zeros(capacity, dtype=np.float32)
        self._term = np.zeros(capacity, dtype=np.uint8)
        self._trunc = np.zeros(capacity, dtype=np.uint8)
        self._pos = 0
        self._n = 0
        self._rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        """Store one transition (copying the arrays), evicting the oldest when full."""
        p = self._pos
        self._obs[p], self._next[p] = obs, next_obs
        self._act[p], self._rew[p] = action, reward
        self._term[p], self._trunc[p] = terminated, truncated
        self._pos = (p + 1) % self.capacity
        if self._n < self.capacity:
            self._n += 1

    def __len__(self):
        """Number of transitions stored (at most capacity)."""
        return self._n

    def sample(self, batch_size):
        """A Batch of batch_size transitions drawn uniformly, with replacement."""
        i = sample_indices(self._rng, len(self), batch_size)
        return Batch(torch.from_numpy(self._obs[i]),
                     torch.from_numpy(self._act[i].astype(np.int64)),
                     torch.from_numpy(self._rew[i]),
                     torch.from_numpy(self._next[i]),
                     torch.from_numpy(self._term[i].astype(np.float32)),
                     torch.from_numpy(self._trunc[i].astype(np.float32)))
'''),
    Variant('Baseline: rng.random() < eps -> rng.integers(n); else no_grad forward on obs[None], argmax dim=1.', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    """Action for one observation: random with probability epsilon, else greedy.

    Args:
        q_net: maps (B, obs_dim) float32 tensors to (B, n_actions) Q-values.
        obs: one observation, array of shape (obs_dim,).
        epsilon: probability of a uniformly random action.
        n_actions: number of actions.
        rng: a numpy Generator (the only source of randomness).

    Returns:
        The action, a Python int in [0, n_actions).
    """
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0)
        q = q_net(x)
    return int(q.argmax(dim=1).item())
'''),
    Variant('torch.inference_mode, torch.from_numpy(...)[None], torch.argmax(q, dim=1)[0]; integers(0, n).', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    """Action for one observation: random with probability epsilon, else greedy.

    Args:
        q_net: maps (B, obs_dim) float32 tensors to (B, n_actions) Q-values.
        obs: one observation, array of shape (obs_dim,).
        epsilon: probability of a uniformly random action.
        n_actions: number of actions.
        rng: a numpy Generator (the only source of randomness).

    Returns:
        The action, a Python int in [0, n_actions).
    """
    explore = rng.random() < epsilon
    if explore:
        return int(rng.integers(0, n_actions))
    x = torch.from_numpy(np.array(obs, dtype=np.float32))[None]
    with torch.inference_mode():
        q = q_net(x)
    return int(torch.argmax(q, dim=1)[0])
'''),
    Variant('Computes the greedy action first (always one forward pass), then the coin; random action with rng.choice(n_actions) (same stream as integers).', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    """Action for one observation: random with probability epsilon, else greedy.

    Args:
        q_net: maps (B, obs_dim) float32 tensors to (B, n_actions) Q-values.
        obs: one observation, array of shape (obs_dim,).
        epsilon: probability of a uniformly random action.
        n_actions: number of actions.
        rng: a numpy Generator (the only source of randomness).

    Returns:
        The action, a Python int in [0, n_actions).
    """
    with torch.no_grad():
        q_values = q_net(torch.as_tensor(np.asarray(obs), dtype=torch.float32).unsqueeze(0))[0]
    greedy = int(q_values.argmax())
    if rng.random() < epsilon:
        return int(rng.choice(n_actions))
    return greedy
'''),
    Variant('Exploit branch first (rng.random() >= eps), Q-values to numpy and np.argmax.', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    """Action for one observation: random with probability epsilon, else greedy.

    Args:
        q_net: maps (B, obs_dim) float32 tensors to (B, n_actions) Q-values.
        obs: one observation, array of shape (obs_dim,).
        epsilon: probability of a uniformly random action.
        n_actions: number of actions.
        rng: a numpy Generator (the only source of randomness).

    Returns:
        The action, a Python int in [0, n_actions).
    """
    if rng.random() >= epsilon:
        with torch.no_grad():
            q = q_net(torch.tensor(np.array([obs]), dtype=torch.float32))
        return int(np.argmax(q.numpy()[0]))
    return int(rng.integers(n_actions))
'''),
    Variant('A @torch.no_grad() helper for the greedy action defined in the same cell.', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    """Action for one observation: random with probability epsilon, else greedy.

    Args:
        q_net: maps (B, obs_dim) float32 tensors to (B, n_actions) Q-values.
        obs: one observation, array of shape (obs_dim,).
        epsilon: probability of a uniformly random action.
        n_actions: number of actions.
        rng: a numpy Generator (the only source of randomness).

    Returns:
        The action, a Python int in [0, n_actions).
    """
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    return greedy_action(q_net, obs)


@torch.no_grad()
def greedy_action(q_net, obs):
    """argmax_a Q(obs, a) for one observation, as a Python int."""
    batch = torch.as_tensor(obs, dtype=torch.float32).reshape(1, *np.shape(obs))
    return int(q_net(batch).argmax(dim=-1).item())
'''),
    Variant('Baseline: the five steps of the notebook in order, in place of the TODO.', 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop).

    Args:
        config: a DQNConfig.
        make_env: a function that builds the environment.
        agent: an Agent to keep training (e.g. loaded from a checkpoint); a new one if None.
        callback: called as callback(agent) after every episode; returning True stops training.

    Returns:
        The agent.
    """
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):
        # One environment step: set epsilon, action, reward, terminated, truncated, and obs.
        # YOUR CODE HERE
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau == 1 and agent.steps % config.target_update_every == 0:
            hard_update(agent.target_net, agent.q_net)
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
'''),
    Variant('The step is split into two helpers (_act_and_store, _learn) defined after train_dqn in the same cell.', 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop).

    Args:
        config: a DQNConfig.
        make_env: a function that builds the environment.
        agent: an Agent to keep training (e.g. loaded from a checkpoint); a new one if None.
        callback: called as callback(agent) after every episode; returning True stops training.

    Returns:
        The agent.
    """
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):
        # One environment step: set epsilon, action, reward, terminated, truncated, and obs.
        # YOUR CODE HERE
        epsilon, action, next_obs, reward, terminated, truncated = _act_and_store(
            agent, env, obs, config, rng)
        obs = next_obs
        agent.steps += 1
        _learn(agent, config)
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


def _act_and_store(agent, env, obs, config, rng):
    """Choose an action epsilon-greedily, step the env, store the transition with both flags."""
    epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
    action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
    next_obs, reward, terminated, truncated, _ = env.step(action)
    agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
    return epsilon, action, next_obs, reward, terminated, truncated


def _learn(agent, config):
    """Gradient steps and target updates due after agent.steps environment steps."""
    soft = config.tau < 1.0
    if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
        for _ in range(config.gradient_steps):
            loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer,
                                 agent.buffer.sample(config.batch_size), config.gamma,
                                 config.max_grad_norm, double=config.double_dqn)
            agent.history.losses.append(loss)
            if soft:
                soft_update(agent.target_net, agent.q_net, config.tau)
    if not soft and agent.steps % config.target_update_every == 0:
        hard_update(agent.target_net, agent.q_net)
'''),
    Variant("Epsilon computed inline (same linear formula), boolean flags for 'train now' / 'copy now', float/bool casts when storing; hard copy also gated on learning_starts (a no-op before it).", 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop).

    Args:
        config: a DQNConfig.
        make_env: a function that builds the environment.
        agent: an Agent to keep training (e.g. loaded from a checkpoint); a new one if None.
        callback: called as callback(agent) after every episode; returning True stops training.

    Returns:
        The agent.
    """
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):
        # One environment step: set epsilon, action, reward, terminated, truncated, and obs.
        # YOUR CODE HERE
        fraction = min(1.0, agent.steps / config.eps_decay_steps)
        epsilon = config.eps_start + (config.eps_end - config.eps_start) * fraction
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, float(reward), next_obs, bool(terminated), bool(truncated))
        obs = next_obs
        agent.steps += 1

        learning = len(agent.buffer) >= config.learning_starts
        train_now = learning and agent.steps % config.train_every == 0
        copy_now = learning and config.tau >= 1.0 and agent.steps % config.target_update_every == 0
        if train_now:
            for _ in range(config.gradient_steps):
                agent.history.losses.append(
                    optimize_step(agent.q_net, agent.target_net, agent.optimizer,
                                  agent.buffer.sample(config.batch_size), config.gamma,
                                  config.max_grad_norm, config.double_dqn))
                if config.tau < 1.0:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if copy_now:
            hard_update(agent.target_net, agent.q_net)
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
'''),
    Variant('One environment step written as a function in an extra cell before the answer; the loop calls it.', 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop).

    Args:
        config: a DQNConfig.
        make_env: a function that builds the environment.
        agent: an Agent to keep training (e.g. loaded from a checkpoint); a new one if None.
        callback: called as callback(agent) after every episode; returning True stops training.

    Returns:
        The agent.
    """
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):
        # One environment step: set epsilon, action, reward, terminated, truncated, and obs.
        # YOUR CODE HERE
        epsilon, reward, terminated, truncated, obs = dqn_env_step(agent, config, env, obs, rng)
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
''', added='''def dqn_env_step(agent, config, env, obs, rng):
    """One environment step of DQN: act, store, count, learn, update the target.

    Returns (epsilon, reward, terminated, truncated, next_obs).
    """
    epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
    action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
    next_obs, reward, terminated, truncated, _info = env.step(action)
    agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
    agent.steps += 1
    step = agent.steps
    if len(agent.buffer) >= config.learning_starts and step % config.train_every == 0:
        g = 0
        while g < config.gradient_steps:
            batch = agent.buffer.sample(config.batch_size)
            agent.history.losses.append(optimize_step(
                agent.q_net, agent.target_net, agent.optimizer, batch, config.gamma,
                config.max_grad_norm, double=config.double_dqn))
            if config.tau < 1:
                soft_update(agent.target_net, agent.q_net, config.tau)
            g += 1
    if config.tau == 1 and step % config.target_update_every == 0:
        hard_update(agent.target_net, agent.q_net)
    return epsilon, reward, terminated, truncated, next_obs
'''),
    Variant("Checks 'every train_every steps' with divmod, collects the losses of the gradient steps in a list and extends the history once; target branch written as if/else on tau.", 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop).

    Args:
        config: a DQNConfig.
        make_env: a function that builds the environment.
        agent: an Agent to keep training (e.g. loaded from a checkpoint); a new one if None.
        callback: called as callback(agent) after every episode; returning True stops training.

    Returns:
        The agent.
    """
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):
        # One environment step: set epsilon, action, reward, terminated, truncated, and obs.
        # YOUR CODE HERE
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        step_result = env.step(action)
        next_obs, reward, terminated, truncated = step_result[:4]
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        _, remainder = divmod(agent.steps, config.train_every)
        if len(agent.buffer) >= config.learning_starts and remainder == 0:
            new_losses = []
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                new_losses.append(optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                                config.gamma, config.max_grad_norm,
                                                double=config.double_dqn))
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
            agent.history.losses.extend(new_losses)
        if config.tau < 1:
            pass  # soft updates happen after each gradient step above
        elif agent.steps % config.target_update_every == 0:
            hard_update(agent.target_net, agent.q_net)
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
'''),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Variant('zip over consecutive layer sizes, layers built in a list', 'make_q_network', '''def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    """Multi-layer perceptron from observations to Q-values."""
    sizes = [obs_dim, *hidden]
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers.append(nn.Linear(n_in, n_out))
        layers.append(nn.ReLU())
    layers.append(nn.Linear(sizes[-1], n_actions))
    return nn.Sequential(*layers)
'''),
    Variant('helper block function in an added cell, list extended per hidden size', 'make_q_network', '''def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    width = int(obs_dim)
    for size in hidden:
        layers.extend(_linear_relu(width, size))
        width = size
    layers += [nn.Linear(width, n_actions)]
    return nn.Sequential(*layers)
''', added='''def _linear_relu(n_in, n_out):
    """One hidden block: an affine layer and its ReLU."""
    return [nn.Linear(n_in, n_out), nn.ReLU()]
'''),
    Variant('fields created with setattr from a spec table, bool flags cast at sampling, full flag for len', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.integers(size, size=batch_size)


class ReplayBuffer:
    """Fixed-size memory of transitions with uniform sampling."""

    _FIELDS = ("obs", "actions", "rewards", "next_obs", "terminated", "truncated")

    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = tuple(np.atleast_1d(obs_shape).tolist())
        self.capacity = int(capacity)
        specs = {
            "obs": (shape, dtype), "actions": ((), np.int64), "rewards": ((), np.float32),
            "next_obs": (shape, dtype), "terminated": ((), bool), "truncated": ((), bool),
        }
        for name in self._FIELDS:
            field_shape, field_dtype = specs[name]
            setattr(self, name, np.zeros((self.capacity, *field_shape), dtype=field_dtype))
        self.position = 0
        self.full = False
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        values = (obs, action, reward, next_obs, terminated, truncated)
        for name, value in zip(self._FIELDS, values):
            getattr(self, name)[self.position] = value
        self.position = (self.position + 1) % self.capacity
        if self.position == 0:
            self.full = True

    def __len__(self):
        return self.capacity if self.full else self.position

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(
            obs=torch.from_numpy(self.obs[idx]),
            actions=torch.from_numpy(self.actions[idx]),
            rewards=torch.from_numpy(self.rewards[idx]),
            next_obs=torch.from_numpy(self.next_obs[idx]),
            terminated=torch.from_numpy(self.terminated[idx].astype(np.float32)),
            truncated=torch.from_numpy(self.truncated[idx].astype(np.float32)),
        )
'''),
    Variant('rng.choice with replacement, np.copyto into preallocated rows, running add counter', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
    return rng.choice(size, size=batch_size, replace=True)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        if isinstance(obs_shape, (int, np.integer)):
            obs_shape = (int(obs_shape),)
        self.capacity = capacity
        self.obs_shape = tuple(obs_shape)
        self.obs = np.empty((capacity,) + self.obs_shape, dtype=dtype)
        self.next_obs = np.empty((capacity,) + self.obs_shape, dtype=dtype)
        self.actions = np.empty(capacity, dtype=np.int64)
        self.rewards = np.empty(capacity, dtype=np.float32)
        self.terminated = np.empty(capacity, dtype=np.float32)
        self.truncated = np.empty(capacity, dtype=np.float32)
        self.position = 0
        self.n_added = 0
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        p = self.position
        np.copyto(self.obs[p], np.asarray(obs), casting="unsafe")
        np.copyto(self.next_obs[p], np.asarray(next_obs), casting="unsafe")
        self.actions[p] = int(action)
        self.rewards[p] = float(reward)
        self.terminated[p] = 1.0 if terminated else 0.0
        self.truncated[p] = 1.0 if truncated else 0.0
        self.position = (p + 1) % self.capacity
        self.n_added += 1

    def __len__(self):
        return min(self.n_added, self.capacity)

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        fields = (self.obs, self.actions, self.rewards, self.next_obs, self.terminated, self.truncated)
        return Batch(*(torch.from_numpy(f[idx]) for f in fields))
'''),
    Variant('clipped fraction of the decay, min()', 'linear_epsilon', '''def linear_epsilon(step, start, end, decay_steps):
    """Epsilon at `step`: from `start` at step 0 linearly to `end` at `decay_steps`, then `end`."""
    fraction = min(step / decay_steps, 1.0)
    return start + fraction * (end - start)
'''),
    Variant('np.interp between the two end points, cast to float', 'linear_epsilon', '''def linear_epsilon(step, start, end, decay_steps):
    return float(np.interp(step, [0, decay_steps], [start, end]))
'''),
    Variant('explore flag first, numpy expand_dims and torch.from_numpy for the batch of one', 'epsilon_greedy', '''def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    explore = rng.random() < epsilon
    if explore:
        return int(rng.integers(n_actions))
    batch = torch.from_numpy(np.expand_dims(np.asarray(obs, dtype=np.float32), 0))
    with torch.no_grad():
        q_values = q_net(batch)
    return int(torch.argmax(q_values, dim=1)[0])
'''),
    Variant('inference_mode, obs[None] indexing, argmax over the last dimension', 'epsilon_greedy', '''def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    """Random with probability epsilon, otherwise the greedy action of q_net."""
    if not rng.random() < epsilon:
        with torch.inference_mode():
            x = torch.as_tensor(obs[None], dtype=torch.float32)
            return q_net(x).argmax(dim=-1).item()
    return rng.integers(0, n_actions).item()
'''),
    Variant('amax over actions, explicit not-terminated mask, inside a no_grad block', 'td_targets', '''def td_targets(target_net, batch, gamma):
    """Q-learning targets r + gamma * (1 - terminated) * max_a' Q_target(s', a')."""
    with torch.no_grad():
        next_values = target_net(batch.next_obs).amax(dim=1)
        not_terminated = 1.0 - batch.terminated
        targets = batch.rewards + gamma * not_terminated * next_values
    return targets
'''),
    Variant('torch.no_grad as a decorator, torch.where on the terminated flag', 'td_targets', '''@torch.no_grad()
def td_targets(target_net, batch, gamma):
    best_next, _ = torch.max(target_net(batch.next_obs), dim=1)
    bootstrap = batch.rewards + gamma * best_next
    return torch.where(batch.terminated > 0.5, batch.rewards, bootstrap)
'''),
    Variant('advanced indexing with arange for Q(s,a), F.huber_loss with delta 1', 'dqn_loss', '''def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_all = q_net(batch.obs)
    rows = torch.arange(q_all.shape[0])
    q_taken = q_all[rows, batch.actions]
    targets = (double_dqn_targets(q_net, target_net, batch, gamma) if double
               else td_targets(target_net, batch, gamma))
    return F.huber_loss(q_taken, targets, delta=1.0)
'''),
    Variant('take_along_dim for the chosen action, nn.SmoothL1Loss module', 'dqn_loss', '''def dqn_loss(q_net, target_net, batch, gamma, double=False):
    """Huber loss between Q(s, a) of the online network and the TD targets."""
    if double:
        y = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        y = td_targets(target_net, batch, gamma)
    q_sa = torch.take_along_dim(q_net(batch.obs), batch.actions.view(-1, 1), dim=1).view(-1)
    return nn.SmoothL1Loss(reduction="mean")(q_sa, y)
'''),
    Variant('parameter-wise copy_ under no_grad', 'hard_update', '''def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    with torch.no_grad():
        for target_param, param in zip(target_net.parameters(), q_net.parameters()):
            target_param.copy_(param)
'''),
    Variant('load_state_dict of a cloned state dict', 'hard_update', '''def hard_update(target_net, q_net):
    state = {name: tensor.detach().clone() for name, tensor in q_net.state_dict().items()}
    target_net.load_state_dict(state)
'''),
    Variant('mul_ then add_ with alpha, over zipped parameters', 'soft_update', '''def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t.mul_(1.0 - tau).add_(p, alpha=tau)
'''),
    Variant('copy_ into the target state-dict tensors, matched by name', 'soft_update', '''def soft_update(target_net, q_net, tau):
    target_state = target_net.state_dict()
    with torch.no_grad():
        for name, online in q_net.state_dict().items():
            target_state[name].copy_(tau * online + (1 - tau) * target_state[name])
'''),
    Variant('zero_grad(set_to_none) first, loss value read with float(detach)', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    optimizer.zero_grad(set_to_none=True)
    loss = dqn_loss(q_net, target_net, batch, gamma, double=double)
    loss.backward()
    nn.utils.clip_grad_norm_(q_net.parameters(), max_norm=max_grad_norm)
    optimizer.step()
    return float(loss.detach())
'''),
    Variant('loss value stored before backward, parameters listed once', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    params = list(q_net.parameters())
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    value = loss.item()
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, max_grad_norm)
    optimizer.step()
    return value
'''),
    Variant('helper for one sampled gradient step in an added cell, env.step result sliced', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
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
        step_result = env.step(action)
        next_obs, reward, terminated, truncated = step_result[:4]
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1

        buffer_ready = len(agent.buffer) >= config.learning_starts
        if buffer_ready and agent.steps % config.train_every == 0:
            for _grad in range(config.gradient_steps):
                agent.history.losses.append(_one_update(agent, config))
                if config.tau < 1.0:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau == 1.0 and agent.steps % config.target_update_every == 0:
            hard_update(agent.target_net, agent.q_net)

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
''', added='''def _one_update(agent, config):
    """Sample a fresh batch and take one gradient step; returns the loss."""
    batch = agent.buffer.sample(config.batch_size)
    return optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch, config.gamma,
                         config.max_grad_norm, double=config.double_dqn)
'''),
    Variant('keyword arguments, a learn flag and a countdown while loop for the gradient steps', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(step=agent.steps, start=config.eps_start, end=config.eps_end,
                                 decay_steps=config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, info = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs, agent.steps = next_obs, agent.steps + 1

        if len(agent.buffer) < config.learning_starts:
            learn = False
        else:
            learn = agent.steps % config.train_every == 0
        n_updates = config.gradient_steps if learn else 0
        soft = config.tau < 1
        while n_updates > 0:
            n_updates -= 1
            loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer,
                                 agent.buffer.sample(config.batch_size), config.gamma,
                                 config.max_grad_norm, config.double_dqn)
            agent.history.losses.append(loss)
            if soft:
                soft_update(agent.target_net, agent.q_net, config.tau)
        if not soft and agent.steps % config.target_update_every == 0:
            hard_update(agent.target_net, agent.q_net)

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
'''),
    Variant('argmax without keepdim and row indexing with arange', 'double_dqn_targets', '''def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    with torch.no_grad():
        next_actions = q_net(batch.next_obs).argmax(dim=1)
        target_q = target_net(batch.next_obs)
        chosen = target_q[torch.arange(target_q.shape[0]), next_actions]
        return batch.rewards + gamma * (1 - batch.terminated) * chosen
'''),
    Variant('no_grad decorator, keepdim argmax gathered, flattened with view(-1), torch.where mask', 'double_dqn_targets', '''@torch.no_grad()
def double_dqn_targets(q_net, target_net, batch, gamma):
    picked = torch.argmax(q_net(batch.next_obs), dim=1, keepdim=True)
    valued = torch.gather(target_net(batch.next_obs), 1, picked).view(-1)
    return torch.where(batch.terminated.bool(), batch.rewards, batch.rewards + gamma * valued)
'''),
)
