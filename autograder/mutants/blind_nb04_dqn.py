"""Mistakes in notebook 04 written by a blind examiner, who read only the student notebook
(its text and stubs), never the checks, the hidden tests or the other mutants.

``MUTANTS`` lose points in the checks named (measured when they were added; ``tests/test_course.py``
keeps it so). ``UNCAUGHT`` are the examiner's mistakes no check catches yet, kept to be worked on.
"""

from autograder.mutants import Mutant

MUTANTS = (
    Mutant('I put a ReLU after every Linear, the output too', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    sizes = [obs_dim, *hidden, n_actions]
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers.append(nn.Linear(n_in, n_out))
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('stacked the Linear layers, forgot the activations', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    in_size = obs_dim
    for h in hidden:
        layers.append(nn.Linear(in_size, h))
        in_size = h
    layers.append(nn.Linear(in_size, n_actions))
    return nn.Sequential(*layers)
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('first layer from obs_dim to hidden[0], last from hidden[-1] (crashes for hidden=())', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = [nn.Linear(obs_dim, hidden[0]), nn.ReLU()]
    for i in range(1, len(hidden)):
        layers.append(nn.Linear(hidden[i - 1], hidden[i]))
        layers.append(nn.ReLU())
    layers.append(nn.Linear(hidden[-1], n_actions))
    return nn.Sequential(*layers)
''', ('04.make_q_network.hidden',)),
    Mutant('used the default sizes 128, 128 whatever hidden says', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = [nn.Linear(obs_dim, 128), nn.ReLU(),
              nn.Linear(128, 128), nn.ReLU(),
              nn.Linear(128, n_actions)]
    return nn.Sequential(*layers)
''', ('04.make_q_network.hidden',)),
    Mutant('softmax at the end so the outputs look like action scores', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    prev = obs_dim
    for h in hidden:
        layers += [nn.Linear(prev, h), nn.ReLU()]
        prev = h
    layers += [nn.Linear(prev, n_actions), nn.Softmax(dim=-1)]
    return nn.Sequential(*layers)
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('Tanh hidden activations', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    prev = obs_dim
    for h in hidden:
        layers += [nn.Linear(prev, h), nn.Tanh()]
        prev = h
    layers.append(nn.Linear(prev, n_actions))
    return nn.Sequential(*layers)
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('every hidden layer fed from obs_dim', 'make_q_network', '''
def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    for h in hidden:
        layers.append(nn.Linear(obs_dim, h))
        layers.append(nn.ReLU())
    layers.append(nn.Linear(hidden[-1] if hidden else obs_dim, n_actions))
    return nn.Sequential(*layers)
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('__len__ returns position', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
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
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity

    def __len__(self):
        return self.position

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('sample from the whole capacity', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
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
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, self.capacity, batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant("deque of tuples (keeps references to the caller's arrays)", 'ReplayBuffer', '''
from collections import deque


def sample_indices(rng, size, batch_size):
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        self.capacity = capacity
        self.dtype = dtype
        self.memory = deque(maxlen=capacity)
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        self.memory.append((obs, action, reward, next_obs, terminated, truncated))

    def __len__(self):
        return len(self.memory)

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        items = [self.memory[i] for i in idx]
        obs, actions, rewards, next_obs, term, trunc = zip(*items)
        return Batch(torch.from_numpy(np.array(obs, dtype=self.dtype)),
                     torch.tensor(actions, dtype=torch.int64),
                     torch.tensor(rewards, dtype=torch.float32),
                     torch.from_numpy(np.array(next_obs, dtype=self.dtype)),
                     torch.tensor(term, dtype=torch.float32),
                     torch.tensor(trunc, dtype=torch.float32))
''', ('04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant('one done flag stored in both fields', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = (obs_shape,) if isinstance(obs_shape, int) else tuple(obs_shape)
        self.capacity = capacity
        self.obs = np.zeros((capacity, *shape), dtype=dtype)
        self.next_obs = np.zeros((capacity, *shape), dtype=dtype)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.dones = np.zeros(capacity, dtype=np.float32)
        self.position = 0
        self.size = 0
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.dones[i] = float(terminated or truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        done = torch.from_numpy(self.dones[idx])
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     done, done.clone())
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant("sampling with np.random instead of the buffer's generator", 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    return np.random.randint(0, size, size=batch_size)


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
        self.seed = seed

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(None, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer.hidden',)),
    Mutant('without replacement so a batch has no duplicates', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    return rng.choice(size, size=batch_size, replace=False)


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
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant('observations always stored as float32', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = (obs_shape,) if isinstance(obs_shape, int) else tuple(obs_shape)
        self.capacity = capacity
        self.obs = np.zeros((capacity, *shape), dtype=np.float32)
        self.next_obs = np.zeros((capacity, *shape), dtype=np.float32)
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
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('np.zeros defaults for rewards and flags (float64), bool flags', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = (obs_shape,) if isinstance(obs_shape, int) else tuple(obs_shape)
        self.capacity = capacity
        self.obs = np.zeros((capacity, *shape), dtype=dtype)
        self.next_obs = np.zeros((capacity, *shape), dtype=dtype)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity)
        self.terminated = np.zeros(capacity, dtype=bool)
        self.truncated = np.zeros(capacity, dtype=bool)
        self.position = 0
        self.size = 0
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('actions stored as int32', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = (obs_shape,) if isinstance(obs_shape, int) else tuple(obs_shape)
        self.capacity = capacity
        self.obs = np.zeros((capacity, *shape), dtype=dtype)
        self.next_obs = np.zeros((capacity, *shape), dtype=dtype)
        self.actions = np.zeros(capacity, dtype=np.int32)
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
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('obs_shape used as an int only', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        self.capacity = capacity
        self.obs = np.zeros((capacity, obs_shape), dtype=dtype)
        self.next_obs = np.zeros((capacity, obs_shape), dtype=dtype)
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
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('stop storing once the buffer is full', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
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
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        if self.position >= self.capacity:
            return
        i = self.position
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position += 1

    def __len__(self):
        return self.position

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('two separate draws for obs and next_obs', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
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
        self.terminated[i] = terminated
        self.truncated[i] = truncated
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        idx_next = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx_next]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('forgot to stop at end', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    return start + (end - start) * step / decay_steps
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('integer division for the fraction', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    fraction = min(step // decay_steps, 1)
    return start + fraction * (end - start)
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('clamped with max(end, ...) (breaks when end > start)', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    return max(end, start - (start - end) * step / decay_steps)
''', ('04.linear_epsilon.hidden',)),
    Mutant('reaches end one step early (decay_steps - 1)', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    fraction = min(step / (decay_steps - 1), 1.0)
    return start + fraction * (end - start)
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('interpolated in the wrong direction', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    fraction = min(step / decay_steps, 1.0)
    return end + fraction * (start - end)
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('exponential decay instead of linear', 'linear_epsilon', '''
def linear_epsilon(step, start, end, decay_steps):
    if step >= decay_steps:
        return end
    return end + (start - end) * np.exp(-5.0 * step / decay_steps)
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('random action with np.random', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if np.random.random() < epsilon:
        return int(np.random.randint(n_actions))
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('comparison the wrong way round', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() > epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('draws the random action before deciding', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    random_action = int(rng.integers(n_actions))
    if rng.random() < epsilon:
        return random_action
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('random action from 0..n_actions-2', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(rng.integers(0, n_actions - 1))
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('returns the argmax tensor, not an int', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return rng.integers(n_actions)
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return q.argmax(dim=1)
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('argmin of the Q-values (thinking of costs)', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmin(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('forward pass with gradient tracking', 'epsilon_greedy', '''
def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('done = terminated or truncated', 'td_targets', '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        done = torch.maximum(batch.terminated, batch.truncated)
        next_q = target_net(batch.next_obs).max(dim=1).values
        return batch.rewards + gamma * (1 - done) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('keepdim=True on the max', 'td_targets', '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=1, keepdim=True).values
        return batch.rewards + gamma * (1 - batch.terminated) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('max over dim 0', 'td_targets', '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=0).values
        return batch.rewards + gamma * (1 - batch.terminated) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('no torch.no_grad()', 'td_targets', '''
def td_targets(target_net, batch, gamma):
    next_q = target_net(batch.next_obs).max(dim=1).values
    return batch.rewards + gamma * (1 - batch.terminated) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('Q of the current observation', 'td_targets', '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.obs).max(dim=1).values
        return batch.rewards + gamma * (1 - batch.terminated) * next_q
''', ('04.td_targets.hidden',)),
    Mutant('masked with truncated instead of terminated', 'td_targets', '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=1).values
        return batch.rewards + gamma * (1 - batch.truncated) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('gamma applied to the reward as well', 'td_targets', '''
def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=1).values
        return gamma * (batch.rewards + (1 - batch.terminated) * next_q)
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('MSE instead of Huber', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.mse_loss(q_sa, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('forgot the squeeze after gather', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1))
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q_sa, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('sum over the batch', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q_sa, target, reduction="sum")
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('max Q(s, .) instead of the action taken', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).max(dim=1).values
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q_sa, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('ignored the double flag', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q_sa, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('inline target without no_grad', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        next_q = target_net(batch.next_obs).max(dim=1).values
        target = batch.rewards + gamma * (1 - batch.terminated) * next_q
    return F.smooth_l1_loss(q_sa, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('Q(s, a) from the target network', 'dqn_loss', '''
def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q_sa = target_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q_sa, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('I just assign the online network to the target', 'hard_update', '''
def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    target_net = q_net
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant("I point each target parameter's data at the online one", 'hard_update', '''
def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    for target_param, param in zip(target_net.parameters(), q_net.parameters()):
        target_param.data = param.data
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant('copy in the other direction (target into online)', 'hard_update', '''
def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    q_net.load_state_dict(target_net.state_dict())
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant('I only copy the weight matrices of the Linear layers', 'hard_update', '''
def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    with torch.no_grad():
        for t_layer, layer in zip(target_net.modules(), q_net.modules()):
            if isinstance(layer, nn.Linear):
                t_layer.weight.copy_(layer.weight)
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant('copy the parameters through a list I then put back', 'hard_update', '''
def hard_update(target_net, q_net):
    """Copy the online network's parameters into the target network (values, not references)."""
    target_params = list(target_net.parameters())
    for i, param in enumerate(q_net.parameters()):
        target_params[i] = param.clone()
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant('tau on the target side, 1 - tau on the online side', 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t.mul_(tau).add_((1 - tau) * p)
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('lerp with 1 - tau', 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t.lerp_(p, 1 - tau)
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('compute the new value and assign it to the loop variable', 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t = tau * p + (1 - tau) * t
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant("I update the target's state_dict entries", 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    online = q_net.state_dict()
    target = target_net.state_dict()
    for key in target:
        target[key] = tau * online[key] + (1 - tau) * target[key]
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('in-place mul_/add_ without torch.no_grad', 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    for t, p in zip(target_net.parameters(), q_net.parameters()):
        t.mul_(1 - tau).add_(tau * p)
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('only the weights get the Polyak average', 'soft_update', '''
def soft_update(target_net, q_net, tau):
    """Polyak update in place: target <- tau * online + (1 - tau) * target."""
    with torch.no_grad():
        for (name, t), p in zip(target_net.named_parameters(), q_net.parameters()):
            if name.endswith("weight"):
                t.lerp_(p, tau)
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('forgot optimizer.zero_grad()', 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('clip after the optimiser step', 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('zero_grad after backward, just before the step', 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('clip each gradient value instead of the norm', 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_value_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('double flag not passed on', 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('return the loss tensor', 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('report the loss after the update', 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    with torch.no_grad():
        return dqn_loss(q_net, target_net, batch, gamma, double).item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant("clip the target network's gradients", 'optimize_step', '''
def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    """One gradient step on the DQN loss of `batch`; returns the loss (a float, before the step)."""
    loss = dqn_loss(q_net, target_net, batch, gamma, double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(target_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('store done = terminated or truncated', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        done = terminated or truncated
        agent.buffer.add(obs, action, reward, next_obs, done, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('obs = next_obs before storing the transition', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        obs = next_obs
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden', '04.train_dqn.cartpole')),
    Mutant('one gradient step each time, gradient_steps ignored', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('train at every environment step (train_every ignored)', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('learning starts one step late (strict >)', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps > config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('soft update once per environment step, outside the gradient loop', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, config.double_dqn)
                agent.history.losses.append(loss)
        if config.tau < 1:
            soft_update(agent.target_net, agent.q_net, config.tau)
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
''', ('04.train_dqn.hidden',)),
    Mutant('hard copy counted in gradient steps instead of environment steps', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
                elif len(agent.history.losses) % config.target_update_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('exploration from a fresh generator, not the seeded rng', 'train_dqn', '''
def train_dqn(config, make_env, agent=None, callback=None):
    """Train a DQN agent for config.total_steps environment steps (or until callback says stop)."""
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    explore_rng = np.random.default_rng()
    for _ in range(config.total_steps):
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, explore_rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn.hidden',)),
    Mutant('double_dqn flag of the config never used', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm)
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
''', ('04.train_dqn.hidden',)),
    Mutant('epsilon taken after counting the step', 'train_dqn', '''
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
        agent.steps += 1
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('forgot obs = next_obs', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden', '04.train_dqn.cartpole')),
    Mutant('target network picks, online network values', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    with torch.no_grad():
        best = target_net(batch.next_obs).argmax(dim=1, keepdim=True)
        values = q_net(batch.next_obs).gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1 - batch.terminated) * values
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('online network picks the action from the current observation', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    with torch.no_grad():
        best = q_net(batch.obs).argmax(dim=1, keepdim=True)
        values = target_net(batch.next_obs).gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1 - batch.terminated) * values
''', ('04.double_dqn_targets.hidden',)),
    Mutant('forgot to squeeze the gathered column', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
        values = target_net(batch.next_obs).gather(1, best)
        return batch.rewards + gamma * (1 - batch.terminated) * values
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('no torch.no_grad, so the target carries a gradient', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
    values = target_net(batch.next_obs).gather(1, best).squeeze(1)
    return batch.rewards + gamma * (1 - batch.terminated) * values
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('stop bootstrapping on truncation too', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
        values = target_net(batch.next_obs).gather(1, best).squeeze(1)
        done = torch.clamp(batch.terminated + batch.truncated, max=1.0)
        return batch.rewards + gamma * (1 - done) * values
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('online network both picks and values', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    with torch.no_grad():
        next_q = q_net(batch.next_obs)
        best = next_q.argmax(dim=1, keepdim=True)
        values = next_q.gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1 - batch.terminated) * values
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('hard copy every target_update_every steps, whatever tau is', 'train_dqn', '''
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
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn.hidden',)),
    Mutant('train as soon as the buffer holds a batch', 'train_dqn', '''
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
        if len(agent.buffer) >= config.batch_size and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('epsilon decays with the episode count', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.episodes, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('bootstrap cut on truncated instead of terminated', 'double_dqn_targets', '''
def double_dqn_targets(q_net, target_net, batch, gamma):
    """Double-DQN targets: the online network picks a', the target network values it."""
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
        values = target_net(batch.next_obs).gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1 - batch.truncated) * values
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    # A second blind examiner, after the checks of these functions changed (session 8):
    Mutant('Samples indices from 0..capacity-1 instead of len(self): draws empty (zero) slots before full.', 'ReplayBuffer', '''
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
        idx = sample_indices(self.rng, self.capacity, batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant('rng.integers(0, size - 1) (thought inclusive): the newest transition is never sampled, size 1 fails.', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.integers(0, size - 1, size=batch_size)


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
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant("deque(maxlen=capacity) of tuples that keeps references to the caller's arrays (no copy).", 'ReplayBuffer', '''
from collections import deque


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
        self.memory = deque(maxlen=capacity)
        self.dtype = dtype
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        """Store one transition (copying the arrays), evicting the oldest when full."""
        self.memory.append((obs, action, reward, next_obs, terminated, truncated))

    def __len__(self):
        """Number of transitions stored (at most capacity)."""
        return len(self.memory)

    def sample(self, batch_size):
        """A Batch of batch_size transitions drawn uniformly, with replacement."""
        idx = sample_indices(self.rng, len(self), batch_size)
        obs, actions, rewards, next_obs, terminated, truncated = zip(*[self.memory[i] for i in idx])
        return Batch(torch.from_numpy(np.array(obs, dtype=self.dtype)),
                     torch.tensor(actions, dtype=torch.int64),
                     torch.tensor(rewards, dtype=torch.float32),
                     torch.from_numpy(np.array(next_obs, dtype=self.dtype)),
                     torch.tensor(terminated, dtype=torch.float32),
                     torch.tensor(truncated, dtype=torch.float32))
''', ('04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant('__len__ returns the write position: drops back to 0 when the buffer wraps.', 'ReplayBuffer', '''
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
        return self.position

    def sample(self, batch_size):
        """A Batch of batch_size transitions drawn uniformly, with replacement."""
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('sample_indices ignores the rng argument and uses np.random.randint (seed has no effect).', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return np.random.randint(0, size, size=batch_size)


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
''', ('04.ReplayBuffer.hidden',)),
    Mutant('rng.choice(size, batch_size, replace=False): no replacement, fails when batch_size > len.', 'ReplayBuffer', '''
def sample_indices(rng, size, batch_size):
    """batch_size indices drawn uniformly from 0, ..., size - 1, with replacement (int array)."""
    return rng.choice(size, size=batch_size, replace=False)


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
''', ('04.ReplayBuffer', '04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant("sample converts observations to float32 (as Batch's docstring suggests), losing the uint8 dtype.", 'ReplayBuffer', '''
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
        return Batch(torch.tensor(self.obs[idx], dtype=torch.float32), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.tensor(self.next_obs[idx], dtype=torch.float32),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('Stores terminated or truncated in the terminated field (one `done`): truncations stop bootstrapping.', 'ReplayBuffer', '''
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
        self.terminated[i] = float(terminated or truncated)
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
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('Actions stored in a float32 array: Batch.actions is float, gather needs int64.', 'ReplayBuffer', '''
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
        self.actions = np.zeros(capacity, dtype=np.float32)
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
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('Once full, new transitions are dropped instead of overwriting the oldest.', 'ReplayBuffer', '''
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
        if self.size == self.capacity:
            return  # full
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
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant("np.zeros((capacity, obs_shape)): works for CartPole's int 4, crashes for a tuple shape.", 'ReplayBuffer', '''
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
        self.capacity = capacity
        self.obs = np.zeros((capacity, obs_shape), dtype=dtype)
        self.next_obs = np.zeros((capacity, obs_shape), dtype=dtype)
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
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant("Draws fresh indices for next_obs: s and s' of a batch row come from different transitions.", 'ReplayBuffer', '''
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
                     torch.from_numpy(self.rewards[idx]),
                     torch.from_numpy(self.next_obs[sample_indices(self.rng, len(self), batch_size)]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('Wrong random source: np.random.rand() / np.random.randint instead of the given rng.', 'epsilon_greedy', '''
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
    if np.random.rand() < epsilon:
        return int(np.random.randint(n_actions))
    with torch.no_grad():
        x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0)
        q = q_net(x)
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant("Wrong random source: torch.rand / torch.randint (torch's global generator).", 'epsilon_greedy', '''
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
    if torch.rand(1).item() < epsilon:
        return int(torch.randint(n_actions, (1,)).item())
    with torch.no_grad():
        x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0)
        q = q_net(x)
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant("Random action from rng.integers(2) (CartPole's two actions), ignoring n_actions.", 'epsilon_greedy', '''
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
        return int(rng.integers(2))
    with torch.no_grad():
        x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0)
        q = q_net(x)
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('rng.integers(0, n_actions - 1): exploration never takes the last action.', 'epsilon_greedy', '''
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
        return int(rng.integers(0, n_actions - 1))
    with torch.no_grad():
        x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0)
        q = q_net(x)
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('rng.random() > epsilon: random with probability 1 - epsilon.', 'epsilon_greedy', '''
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
    if rng.random() > epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0)
        q = q_net(x)
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('Greedy branch returns the argmax tensor (shape (1,)) instead of a Python int.', 'epsilon_greedy', '''
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
    return q.argmax(dim=1)
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('argmax over dim 0 (the batch) of the (1, A) output: the greedy branch always returns 0.', 'epsilon_greedy', '''
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
    return int(q.argmax(dim=0)[0])
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('Stores `terminated or truncated` as the terminated flag: time limits stop the bootstrap.', 'train_dqn', '''
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
        agent.buffer.add(obs, action, reward, next_obs, terminated or truncated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant("Forgets obs = next_obs: acts and stores from the episode's first observation until reset.", 'train_dqn', '''
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
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.cartpole', '04.train_dqn.hidden')),
    Mutant('Always one gradient step per training step, ignoring config.gradient_steps.', 'train_dqn', '''
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
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('Calls optimize_step without double=config.double_dqn: double DQN is never used.', 'train_dqn', '''
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
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm)
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
''', ('04.train_dqn.hidden',)),
    Mutant('Epsilon schedule driven by agent.episodes instead of agent.steps (decays far too slowly).', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.episodes, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('Decays epsilon over config.total_steps, ignoring config.eps_decay_steps.', 'train_dqn', '''
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
        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.total_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('agent.steps += 1 moved to the end of the step: training and target copies test the old count (off by one: trains at step 0 mod train_every before incrementing).', 'train_dqn', '''
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
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau == 1 and agent.steps % config.target_update_every == 0:
            hard_update(agent.target_net, agent.q_net)
        agent.steps += 1
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('Always hard-updates every target_update_every steps, never soft-updates, whatever config.tau.', 'train_dqn', '''
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
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
        if agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn.hidden',)),
    Mutant("Creates np.random.default_rng(config.seed) inside the loop: the same 'random' draw at every step.", 'train_dqn', '''
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
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions,
                                np.random.default_rng(config.seed))
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn.cartpole', '04.train_dqn.hidden')),
    Mutant('Never appends the losses to agent.history.losses.', 'train_dqn', '''
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
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                              config.gamma, config.max_grad_norm, double=config.double_dqn)
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant("Sets obs = next_obs before storing: every transition is stored as (s', a, r, s').", 'train_dqn', '''
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
        obs = next_obs
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.cartpole', '04.train_dqn.hidden')),
    Mutant('Chooses actions with agent.target_net instead of the online network.', 'train_dqn', '''
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
        action = epsilon_greedy(agent.target_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn.hidden',)),
    Mutant('Hard copy every target_update_every gradient steps (len(losses)) instead of environment steps.', 'train_dqn', '''
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
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _ in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau == 1 and len(agent.history.losses) % config.target_update_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('Starts training as soon as the buffer holds one batch, ignoring config.learning_starts.', 'train_dqn', '''
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
        if len(agent.buffer) >= config.batch_size and agent.steps % config.train_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('Takes the gradient steps at every environment step, ignoring config.train_every.', 'train_dqn', '''
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
        if agent.steps >= config.learning_starts:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Mutant('I put a ReLU after every Linear, the output layer too', 'make_q_network', '''def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    last = obs_dim
    for h in list(hidden) + [n_actions]:
        layers.append(nn.Linear(last, h))
        layers.append(nn.ReLU())
        last = h
    return nn.Sequential(*layers)
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('I used hidden[-1] as the input of the last layer, so hidden=() breaks', 'make_q_network', '''def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = [nn.Linear(obs_dim, hidden[0]), nn.ReLU()]
    for a, b in zip(hidden[:-1], hidden[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    layers.append(nn.Linear(hidden[-1], n_actions))
    return nn.Sequential(*layers)
''', ('04.make_q_network.hidden',)),
    Mutant('I used Tanh as the hidden activation because it keeps things bounded', 'make_q_network', '''def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    last = obs_dim
    for h in hidden:
        layers += [nn.Linear(last, h), nn.Tanh()]
        last = h
    layers.append(nn.Linear(last, n_actions))
    return nn.Sequential(*layers)
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('I returned the list of layers instead of wrapping it in nn.Sequential', 'make_q_network', '''def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    layers = []
    last = obs_dim
    for h in hidden:
        layers += [nn.Linear(last, h), nn.ReLU()]
        last = h
    layers.append(nn.Linear(last, n_actions))
    return layers
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('I only put ReLUs between hidden layers, forgetting the one after the first layer', 'make_q_network', '''def make_q_network(obs_dim, n_actions, hidden=(128, 128)):
    if len(hidden) == 0:
        return nn.Sequential(nn.Linear(obs_dim, n_actions))
    layers = [nn.Linear(obs_dim, hidden[0])]
    for a, b in zip(hidden[:-1], hidden[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    layers.append(nn.Linear(hidden[-1], n_actions))
    return nn.Sequential(*layers)
''', ('04.make_q_network', '04.make_q_network.hidden')),
    Mutant('I sampled without replacement so that a batch has no duplicates', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
    return rng.choice(size, size=batch_size, replace=False)


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
        self.next_obs[i] = next_obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant('I drew the indices from the whole capacity, not just the stored transitions', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
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
        self.next_obs[i] = next_obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, self.capacity, batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant('I kept the transitions in a deque with maxlen, appending the arrays as they come', 'ReplayBuffer', '''from collections import deque


def sample_indices(rng, size, batch_size):
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        self.capacity = capacity
        self.dtype = dtype
        self.memory = deque(maxlen=capacity)
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        self.memory.append((obs, action, reward, next_obs, terminated, truncated))

    def __len__(self):
        return len(self.memory)

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        items = [self.memory[i] for i in idx]
        obs, actions, rewards, next_obs, terminated, truncated = zip(*items)
        return Batch(torch.from_numpy(np.array(obs, dtype=self.dtype)),
                     torch.tensor(actions, dtype=torch.int64),
                     torch.tensor(rewards, dtype=torch.float32),
                     torch.from_numpy(np.array(next_obs, dtype=self.dtype)),
                     torch.tensor(terminated, dtype=torch.float32),
                     torch.tensor(truncated, dtype=torch.float32))
''', ('04.ReplayBuffer.copies', '04.ReplayBuffer.hidden')),
    Mutant('I stored done = terminated or truncated in the terminated field, since both end the episode', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
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
        self.next_obs[i] = next_obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminated[i] = float(terminated or truncated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('my __len__ returns the write position', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
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
        self.next_obs[i] = next_obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.position

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('I turned the observations into float32 tensors when sampling, so the network always gets floats', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
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
        self.next_obs[i] = next_obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.tensor(self.obs[idx], dtype=torch.float32), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.tensor(self.next_obs[idx], dtype=torch.float32),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant("I used numpy's global random functions after seeding them with the buffer seed", 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
    return np.random.randint(0, size, size=batch_size)


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
        np.random.seed(seed)
        self.rng = None

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i] = obs
        self.next_obs[i] = next_obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer.hidden',)),
    Mutant('I preallocated the actions like the rewards, as float32', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
    return rng.integers(0, size, size=batch_size)


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        shape = (obs_shape,) if isinstance(obs_shape, int) else tuple(obs_shape)
        self.capacity = capacity
        self.obs = np.zeros((capacity, *shape), dtype=dtype)
        self.next_obs = np.zeros((capacity, *shape), dtype=dtype)
        self.actions = np.zeros(capacity, dtype=np.float32)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.terminated = np.zeros(capacity, dtype=np.float32)
        self.truncated = np.zeros(capacity, dtype=np.float32)
        self.position = 0
        self.size = 0
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i] = obs
        self.next_obs[i] = next_obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('once the buffer was full I kept writing into the last slot instead of wrapping around', 'ReplayBuffer', '''def sample_indices(rng, size, batch_size):
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
        self.next_obs[i] = next_obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminated[i] = float(terminated)
        self.truncated[i] = float(truncated)
        self.position = min(self.position + 1, self.capacity - 1)
        self.size = min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = sample_indices(self.rng, len(self), batch_size)
        return Batch(torch.from_numpy(self.obs[idx]), torch.from_numpy(self.actions[idx]),
                     torch.from_numpy(self.rewards[idx]), torch.from_numpy(self.next_obs[idx]),
                     torch.from_numpy(self.terminated[idx]), torch.from_numpy(self.truncated[idx]))
''', ('04.ReplayBuffer', '04.ReplayBuffer.hidden')),
    Mutant('I forgot to stop the decay at decay_steps', 'linear_epsilon', '''def linear_epsilon(step, start, end, decay_steps):
    return start - (start - end) * step / decay_steps
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('I used integer division for the fraction of the decay', 'linear_epsilon', '''def linear_epsilon(step, start, end, decay_steps):
    fraction = min(step // decay_steps, 1)
    return start + fraction * (end - start)
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('I mixed up start and end in the interpolation', 'linear_epsilon', '''def linear_epsilon(step, start, end, decay_steps):
    fraction = min(step / decay_steps, 1.0)
    return end + fraction * (start - end)
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('I made the decay exponential with decay_steps as time constant', 'linear_epsilon', '''def linear_epsilon(step, start, end, decay_steps):
    return end + (start - end) * float(np.exp(-step / decay_steps))
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('I divided by decay_steps - 1 because steps count from zero', 'linear_epsilon', '''def linear_epsilon(step, start, end, decay_steps):
    fraction = min(step / (decay_steps - 1), 1.0)
    return start + fraction * (end - start)
''', ('04.linear_epsilon', '04.linear_epsilon.hidden')),
    Mutant('I explore when the random number is above epsilon', 'epsilon_greedy', '''def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() > epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('I draw the random action first and then decide whether to use it', 'epsilon_greedy', '''def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    random_action = int(rng.integers(n_actions))
    if rng.random() < epsilon:
        return random_action
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('I used np.random.randint for the random action', 'epsilon_greedy', '''def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(np.random.randint(n_actions))
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('I returned the argmax tensor directly', 'epsilon_greedy', '''def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return rng.integers(n_actions)
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return q.argmax(dim=1)
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('I drew the random action with rng.integers(n_actions - 1), thinking the bound was inclusive', 'epsilon_greedy', '''def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(rng.integers(n_actions - 1))
    with torch.no_grad():
        q = q_net(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy', '04.epsilon_greedy.hidden')),
    Mutant('I passed the observation to the network with torch.tensor, keeping its dtype', 'epsilon_greedy', '''def epsilon_greedy(q_net, obs, epsilon, n_actions, rng):
    if rng.random() < epsilon:
        return int(rng.integers(n_actions))
    with torch.no_grad():
        q = q_net(torch.tensor(obs).unsqueeze(0))
    return int(q.argmax(dim=1).item())
''', ('04.epsilon_greedy.hidden',)),
    Mutant('I stop bootstrapping when the episode is terminated or truncated', 'td_targets', '''def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        done = torch.maximum(batch.terminated, batch.truncated)
        next_q = target_net(batch.next_obs).max(dim=1).values
        return batch.rewards + gamma * (1.0 - done) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('I did not use no_grad, the target network is not being optimised anyway', 'td_targets', '''def td_targets(target_net, batch, gamma):
    next_q = target_net(batch.next_obs).max(dim=1).values
    return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('I called .max() without a dimension', 'td_targets', '''def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max()
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('I used max(1)[1] for the maximum', 'td_targets', '''def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(1)[1]
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('I masked with the truncated flag instead of terminated', 'td_targets', '''def td_targets(target_net, batch, gamma):
    with torch.no_grad():
        next_q = target_net(batch.next_obs).max(dim=1).values
        return batch.rewards + gamma * (1.0 - batch.truncated) * next_q
''', ('04.td_targets', '04.td_targets.hidden')),
    Mutant('I used the mean squared error', 'dqn_loss', '''def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.mse_loss(q, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('I gathered but did not squeeze the result', 'dqn_loss', '''def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1))
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('I summed the Huber loss over the batch', 'dqn_loss', '''def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q, target, reduction="sum")
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('I took the max of the online Q-values instead of the action taken', 'dqn_loss', '''def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q = q_net(batch.obs).max(dim=1).values
    if double:
        target = double_dqn_targets(q_net, target_net, batch, gamma)
    else:
        target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('I always used td_targets and ignored the double flag', 'dqn_loss', '''def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    target = td_targets(target_net, batch, gamma)
    return F.smooth_l1_loss(q, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('I computed the targets with the online network', 'dqn_loss', '''def dqn_loss(q_net, target_net, batch, gamma, double=False):
    q = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    if double:
        target = double_dqn_targets(q_net, q_net, batch, gamma)
    else:
        target = td_targets(q_net, batch, gamma)
    return F.smooth_l1_loss(q, target)
''', ('04.dqn_loss', '04.dqn_loss.hidden')),
    Mutant('I assigned the online network to the target network', 'hard_update', '''def hard_update(target_net, q_net):
    target_net = q_net
    return target_net
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant("I set each target parameter's .data to the online parameter's .data", 'hard_update', '''def hard_update(target_net, q_net):
    for t, p in zip(target_net.parameters(), q_net.parameters()):
        t.data = p.data
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant('I loaded the state dict the wrong way round', 'hard_update', '''def hard_update(target_net, q_net):
    q_net.load_state_dict(target_net.state_dict())
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant('I copied only the weight matrices', 'hard_update', '''def hard_update(target_net, q_net):
    online = dict(q_net.named_parameters())
    with torch.no_grad():
        for name, t in target_net.named_parameters():
            if name.endswith("weight"):
                t.copy_(online[name])
''', ('04.hard_update', '04.hard_update.hidden')),
    Mutant('I passed 1 - tau to lerp_', 'soft_update', '''def soft_update(target_net, q_net, tau):
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t.lerp_(p, 1 - tau)
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('I rebound the loop variable to the new value', 'soft_update', '''def soft_update(target_net, q_net, tau):
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t = tau * p + (1 - tau) * t
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('I moved the online network towards the target one', 'soft_update', '''def soft_update(target_net, q_net, tau):
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            p.lerp_(t, tau)
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('I added tau times the online weights without shrinking the target first', 'soft_update', '''def soft_update(target_net, q_net, tau):
    with torch.no_grad():
        for t, p in zip(target_net.parameters(), q_net.parameters()):
            t.add_(tau * p)
''', ('04.soft_update', '04.soft_update.hidden')),
    Mutant('I clipped the gradient after the optimizer step', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double=double)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('I forgot optimizer.zero_grad()', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double=double)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('I returned the loss tensor', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double=double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('I clipped each gradient value to max_grad_norm', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double=double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_value_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('I returned the loss recomputed after the step, to log the improved value', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double=double)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    with torch.no_grad():
        return dqn_loss(q_net, target_net, batch, gamma, double=double).item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('I did not pass double on to dqn_loss', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('I called zero_grad after backward, just before the step', 'optimize_step', '''def optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm, double=False):
    loss = dqn_loss(q_net, target_net, batch, gamma, double=double)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm)
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()
''', ('04.optimize_step', '04.optimize_step.hidden')),
    Mutant('I stored done = terminated or truncated as the terminated flag', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated or truncated, truncated)
        obs = next_obs
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _g in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau >= 1 and agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('I start learning once agent.steps reaches learning_starts', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if agent.steps >= config.learning_starts and agent.steps % config.train_every == 0:
            for _g in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau >= 1 and agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn.hidden',)),
    Mutant('I forgot obs = next_obs', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _g in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau >= 1 and agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.cartpole', '04.train_dqn.hidden')),
    Mutant('I decayed epsilon over the whole training run (total_steps)', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.total_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _g in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau >= 1 and agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('I forgot to pass config.double_dqn to optimize_step', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _g in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau >= 1 and agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn.hidden',)),
    Mutant('I sample one batch per training round and reuse it for all gradient steps', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            batch = agent.buffer.sample(config.batch_size)
            for _g in range(config.gradient_steps):
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau >= 1 and agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.hidden')),
    Mutant('I only wrote the hard update; with tau < 1 I forgot the soft update', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _g in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
        if config.tau >= 1 and agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn.hidden',)),
    Mutant('I set obs = next_obs before storing the transition', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        obs = next_obs
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _g in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
        if config.tau >= 1 and agent.steps % config.target_update_every == 0:
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
''', ('04.train_dqn', '04.train_dqn.cartpole', '04.train_dqn.hidden')),
    Mutant('I hard-update the target after every gradient step, not every target_update_every steps', 'train_dqn', '''def train_dqn(config, make_env, agent=None, callback=None):
    rng = seed_everything(config.seed + (agent.steps if agent is not None else 0))
    env = make_env()
    if agent is None:
        agent = new_agent(config, env.observation_space.shape[0], int(env.action_space.n),
                          make_q_network, ReplayBuffer)
    obs, _ = reset_seeded(env, config.seed + agent.episodes)
    episode_return = 0.0
    for _ in range(config.total_steps):

        epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, config.eps_decay_steps)
        action = epsilon_greedy(agent.q_net, obs, epsilon, agent.n_actions, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.buffer.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs
        agent.steps += 1
        if len(agent.buffer) >= config.learning_starts and agent.steps % config.train_every == 0:
            for _g in range(config.gradient_steps):
                batch = agent.buffer.sample(config.batch_size)
                loss = optimize_step(agent.q_net, agent.target_net, agent.optimizer, batch,
                                     config.gamma, config.max_grad_norm, double=config.double_dqn)
                agent.history.losses.append(loss)
                if config.tau < 1:
                    soft_update(agent.target_net, agent.q_net, config.tau)
                else:
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
''', ('04.train_dqn', '04.train_dqn.cartpole', '04.train_dqn.hidden')),
    Mutant('I let the target network pick the action as well', 'double_dqn_targets', '''def double_dqn_targets(q_net, target_net, batch, gamma):
    with torch.no_grad():
        best = target_net(batch.next_obs).argmax(dim=1, keepdim=True)
        next_q = target_net(batch.next_obs).gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('I valued the chosen action with the online network', 'double_dqn_targets', '''def double_dqn_targets(q_net, target_net, batch, gamma):
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
        next_q = q_net(batch.next_obs).gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('I only put the argmax under no_grad', 'double_dqn_targets', '''def double_dqn_targets(q_net, target_net, batch, gamma):
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
    next_q = target_net(batch.next_obs).gather(1, best).squeeze(1)
    return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('I stop the bootstrap on terminated or truncated', 'double_dqn_targets', '''def double_dqn_targets(q_net, target_net, batch, gamma):
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
        next_q = target_net(batch.next_obs).gather(1, best).squeeze(1)
        return batch.rewards + gamma * (1.0 - torch.clamp(batch.terminated + batch.truncated, max=1.0)) * next_q
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
    Mutant('I kept the gathered column without squeezing it', 'double_dqn_targets', '''def double_dqn_targets(q_net, target_net, batch, gamma):
    with torch.no_grad():
        best = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
        next_q = target_net(batch.next_obs).gather(1, best)
        return batch.rewards + gamma * (1.0 - batch.terminated) * next_q
''', ('04.double_dqn_targets', '04.double_dqn_targets.hidden')),
)

#: (mistake, function, why no check catches it: the examiner's description)
UNCAUGHT = (
)
