package kit

const DashboardRows = 50
