import { render, screen } from '@testing-library/react';
import { ROLES, ROLE_LABELS } from '@smart-repair/shared';
import Index from './index';

describe('home page', () => {
  it('names the product and says what it is for', () => {
    render(<Index />);

    expect(screen.getByTestId('home-title').textContent).toBe('智能报修');
    expect(screen.getByTestId('home-intro').textContent).toContain('报修');
  });

  it('lists every role from the shared package, by its Chinese label', () => {
    render(<Index />);

    const roles = screen.getByTestId('home-roles');
    expect(roles.textContent).toContain('支持的角色');
    for (const role of ROLES) {
      expect(screen.getByTestId(`role-${role}`).textContent).toBe(ROLE_LABELS[role]);
    }
    expect(screen.getByText('总部管理员')).toBeTruthy();
    expect(screen.getByText('报修人')).toBeTruthy();
  });
});
