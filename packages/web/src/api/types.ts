export interface User {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  createdAt: string;
}
export interface Me {
  user: User;
  csrfToken: string | null;
}
